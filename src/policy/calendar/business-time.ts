import { type BusinessCalendar, CHUNK_DAYS, type DayChunk } from './business-calendar.js';
import { openBefore } from './open-day.js';

/** No real calendar is closed this long; beyond it a calendar is treated as misconfigured. */
const MAX_CHUNKS_SCANNED = 1200; // ≈ 210 years

function closedForever(calendar: BusinessCalendar): Error {
  return new Error(`calendar "${calendar.name}" has no open time within ~200 years`);
}

/** Open ms of `chunk` before instant t, where t lies in day `dayIndex` of that chunk. */
function openInChunkBefore(chunk: DayChunk, dayIndex: number, t: number): number {
  const i = dayIndex - chunk.firstDay;
  return chunk.cumOpen[i]! + openBefore(chunk.days[i]!.open, t);
}

/**
 * The instant where `remaining` open ms (> 0) have elapsed from the start of `chunk`, searching
 * forward through later chunks. Stopping at the first instant that reaches the amount is the
 * boundary rule (docs/policies.md, "Calendars"): an amount used up exactly at a closing reports
 * that closing (Friday 17:00), never the next opening (Monday 08:00).
 */
function instantAtOpenMs(calendar: BusinessCalendar, startChunk: DayChunk, remaining: number): number {
  let chunk = startChunk;
  let left = remaining;
  for (let scanned = 0; chunk.cumOpen[CHUNK_DAYS]! < left; scanned++) {
    if (scanned > MAX_CHUNKS_SCANNED) throw closedForever(calendar);
    left -= chunk.cumOpen[CHUNK_DAYS]!;
    chunk = calendar.chunk(chunk.number + 1);
  }
  // Smallest day i with cumOpen[i + 1] >= left.
  let lo = 0;
  let hi = CHUNK_DAYS - 1;
  const cum = chunk.cumOpen;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid + 1]! >= left) hi = mid;
    else lo = mid + 1;
  }
  let rest = left - cum[lo]!;
  const open = chunk.days[lo]!.open;
  for (let k = 0; k < open.length; k += 2) {
    const length = open[k + 1]! - open[k]!;
    if (rest <= length) return open[k]! + rest;
    rest -= length;
  }
  // Unreachable: the prefix sums guarantee the day holds `left`.
  return open[open.length - 1]!;
}

/**
 * Instant (epoch ms) at which `durationMs` of open time has elapsed since `startMs`. A start in
 * closed time starts the clock at the next opening; a zero duration returns the start itself.
 */
export function addBusinessMs(calendar: BusinessCalendar, startMs: number, durationMs: number): number {
  if (durationMs <= 0) return startMs;
  if (calendar.alwaysOpen) return startMs + durationMs;
  const dayIndex = calendar.dayIndexAt(startMs);
  const chunk = calendar.chunkOfDay(dayIndex);
  return instantAtOpenMs(calendar, chunk, openInChunkBefore(chunk, dayIndex, startMs) + durationMs);
}

/** Open ms between two instants (0 when `toMs` is not after `fromMs`). */
export function openMsBetween(calendar: BusinessCalendar, fromMs: number, toMs: number): number {
  if (toMs <= fromMs) return 0;
  if (calendar.alwaysOpen) return toMs - fromMs;
  const fromDay = calendar.dayIndexAt(fromMs);
  const toDay = calendar.dayIndexAt(toMs);
  let chunk = calendar.chunkOfDay(fromDay);
  const lastChunk = calendar.chunkOfDay(toDay);
  let total = -openInChunkBefore(chunk, fromDay, fromMs);
  while (chunk !== lastChunk) {
    total += chunk.cumOpen[CHUNK_DAYS]!;
    chunk = calendar.chunk(chunk.number + 1);
  }
  return total + openInChunkBefore(lastChunk, toDay, toMs);
}

/** True when the calendar is open at instant t (an interval includes its start, excludes its end). */
export function isOpenAtMs(calendar: BusinessCalendar, t: number): boolean {
  if (calendar.alwaysOpen) return true;
  const open = calendar.day(calendar.dayIndexAt(t)).open;
  for (let k = 0; k < open.length; k += 2) {
    if (t >= open[k]! && t < open[k + 1]!) return true;
  }
  return false;
}

/** `t` itself when the calendar is open at t, otherwise the start of the next open interval. */
export function nextOpeningMs(calendar: BusinessCalendar, t: number): number {
  if (calendar.alwaysOpen) return t;
  let dayIndex = calendar.dayIndexAt(t);
  const lastDay = dayIndex + MAX_CHUNKS_SCANNED * CHUNK_DAYS;
  for (; dayIndex < lastDay; dayIndex++) {
    const open = calendar.day(dayIndex).open;
    for (let k = 0; k < open.length; k += 2) {
      if (open[k + 1]! > t) return Math.max(open[k]!, t);
    }
  }
  throw closedForever(calendar);
}

/**
 * Open intervals overlapping [fromMs, toMs), clipped to it, with intervals that touch across
 * midnight joined (Friday 17:00 → Monday 08:00 is one interval). For explanations, not hot paths.
 */
export function* openIntervals(
  calendar: BusinessCalendar,
  fromMs: number,
  toMs: number,
): Generator<[number, number]> {
  let pending: [number, number] | undefined;
  for (let dayIndex = calendar.dayIndexAt(fromMs); ; dayIndex++) {
    const day = calendar.day(dayIndex);
    if (day.start >= toMs) break;
    for (let k = 0; k < day.open.length; k += 2) {
      const a = Math.max(day.open[k]!, fromMs);
      const b = Math.min(day.open[k + 1]!, toMs);
      if (b <= a) continue;
      if (pending && pending[1] === a) pending[1] = b;
      else {
        if (pending) yield pending;
        pending = [a, b];
      }
    }
  }
  if (pending) yield pending;
}
