import { addBusinessMs, type BusinessCalendar, openMsBetween } from '../calendar/index.js';

/** A time the case waited on the customer; no `to` means it is still waiting. */
export interface Pause {
  from: Date;
  to?: Date;
}

/** Pauses as sorted, merged [from, to) epoch-ms pairs after the clock start; Infinity = still open. */
export type PauseSpans = ReadonlyArray<readonly [number, number]>;

/**
 * Clips pauses to the clock start, drops empty ones (to ≤ from) and merges overlaps. Everything
 * after the earliest open pause is paused, so later pauses are absorbed into it.
 */
export function normalisePauses(pauses: readonly Pause[], startMs: number): PauseSpans {
  const spans = pauses
    .map((p): [number, number] => [Math.max(p.from.getTime(), startMs), p.to ? p.to.getTime() : Infinity])
    .filter(([from, to]) => to > from)
    .sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const span of spans) {
    const last = merged[merged.length - 1];
    if (last && span[0] <= last[1]) last[1] = Math.max(last[1], span[1]);
    else merged.push(span);
  }
  return merged;
}

export type PausedOutcome = { dueMs: number } | { stoppedAt: number; remainingMs: number };

/**
 * Where `durationMs` of open time is used up when open time inside pauses does not count. When an
 * open pause begins before that, the clock is stopped: the result says when and how much is left.
 */
export function addBusinessMsWithPauses(
  calendar: BusinessCalendar,
  startMs: number,
  durationMs: number,
  pauses: PauseSpans,
): PausedOutcome {
  let cursor = startMs;
  let remaining = durationMs;
  for (const [from, to] of pauses) {
    if (to <= cursor) continue;
    const candidate = addBusinessMs(calendar, cursor, remaining);
    if (candidate <= from) return { dueMs: candidate };
    remaining -= openMsBetween(calendar, cursor, from);
    if (to === Infinity) return { stoppedAt: from, remainingMs: remaining };
    cursor = Math.max(cursor, to);
  }
  return { dueMs: addBusinessMs(calendar, cursor, remaining) };
}
