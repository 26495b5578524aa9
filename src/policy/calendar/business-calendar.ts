import { IANAZone } from 'luxon';
import type { OpenDay } from './open-day.js';
import { DAY_MS } from './wall-time.js';

/** Days per cached chunk: small enough to build in about a millisecond, big enough to skip weeks at once. */
export const CHUNK_DAYS = 64;
/** A long-running daemon only ever touches a few years; beyond this many chunks the cache restarts. */
const MAX_CACHED_CHUNKS = 4096;

/**
 * A run of CHUNK_DAYS consecutive local days with prefix sums of open time, so business-time
 * arithmetic is a binary search instead of a walk over days.
 */
export interface DayChunk {
  readonly number: number;
  readonly firstDay: number;
  readonly days: readonly OpenDay[];
  /** starts[i] = local midnight of day i; starts[CHUNK_DAYS] = midnight after the last day. */
  readonly starts: Float64Array;
  /** cumOpen[i] = open ms in this chunk before day i; cumOpen[CHUNK_DAYS] = the chunk's total. */
  readonly cumOpen: Float64Array;
}

export interface CalendarInfo {
  name: string;
  zone: string;
  kind: 'weekly' | '24x7' | 'union';
  /** Length of one business day for `businessDays` targets, in ms. */
  standardDayMs: number;
  /** True for a 24x7 calendar without holidays: business time is wall time. */
  alwaysOpen: boolean;
}

/** A compiled calendar: its open days, built lazily from the definition and cached in chunks. */
export class BusinessCalendar implements CalendarInfo {
  readonly name: string;
  readonly zone: string;
  readonly kind: CalendarInfo['kind'];
  readonly standardDayMs: number;
  readonly alwaysOpen: boolean;
  readonly ianaZone: IANAZone;
  private readonly buildDay: (dayIndex: number) => OpenDay;
  private readonly chunks = new Map<number, DayChunk>();
  /** One lookup usually asks for the same chunk several times in a row. */
  private lastChunk: DayChunk | undefined;

  constructor(info: CalendarInfo, buildDay: (dayIndex: number) => OpenDay) {
    this.name = info.name;
    this.zone = info.zone;
    this.kind = info.kind;
    this.standardDayMs = info.standardDayMs;
    this.alwaysOpen = info.alwaysOpen;
    this.ianaZone = IANAZone.create(info.zone);
    this.buildDay = buildDay;
  }

  chunk(number: number): DayChunk {
    const last = this.lastChunk;
    if (last !== undefined && last.number === number) return last;
    const cached = this.chunks.get(number);
    if (cached) {
      this.lastChunk = cached;
      return cached;
    }
    if (this.chunks.size >= MAX_CACHED_CHUNKS) this.chunks.clear();
    const firstDay = number * CHUNK_DAYS;
    const days: OpenDay[] = [];
    const starts = new Float64Array(CHUNK_DAYS + 1);
    const cumOpen = new Float64Array(CHUNK_DAYS + 1);
    for (let i = 0; i < CHUNK_DAYS; i++) {
      const day = this.buildDay(firstDay + i);
      days.push(day);
      starts[i] = day.start;
      cumOpen[i + 1] = cumOpen[i]! + day.openMs;
    }
    starts[CHUNK_DAYS] = days[CHUNK_DAYS - 1]!.end;
    const chunk: DayChunk = { number, firstDay, days, starts, cumOpen };
    this.chunks.set(number, chunk);
    this.lastChunk = chunk;
    return chunk;
  }

  chunkOfDay(dayIndex: number): DayChunk {
    return this.chunk(Math.floor(dayIndex / CHUNK_DAYS));
  }

  day(dayIndex: number): OpenDay {
    const chunk = this.chunkOfDay(dayIndex);
    return chunk.days[dayIndex - chunk.firstDay]!;
  }

  /** Local day index containing instant t, from cached midnights (no zone lookup). */
  dayIndexAt(t: number): number {
    // The UTC day is within one day of the local day for any real offset (|offset| < 24 h).
    let d = Math.floor(t / DAY_MS);
    let chunk = this.chunkOfDay(d);
    for (;;) {
      const i = d - chunk.firstDay;
      if (i < 0 || i >= CHUNK_DAYS) chunk = this.chunkOfDay(d);
      else if (t < chunk.starts[i]!) d--;
      else if (t >= chunk.starts[i + 1]!) d++;
      else return d;
    }
  }
}
