import { IANAZone } from 'luxon';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;
export const MINUTES_PER_DAY = 1440;

/** ISO weekday keys in policy files, Monday first (index + 1 = ISO weekday number). */
export const WEEKDAY_KEYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

/** A local wall-clock range within one day, in minutes after local midnight; `end` may be 1440 (24:00). */
export interface MinuteRange {
  start: number;
  end: number;
}

const TIME_RANGE = /^([01]\d|2[0-3]):([0-5]\d)-(?:([01]\d|2[0-3]):([0-5]\d)|(24):(00))$/;

/** Parses "HH:MM-HH:MM" (end may be 24:00); undefined when malformed or not increasing. */
export function parseTimeRange(text: string): MinuteRange | undefined {
  const m = TIME_RANGE.exec(text);
  if (!m) return undefined;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = m[5] === '24' ? MINUTES_PER_DAY : Number(m[3]) * 60 + Number(m[4]);
  return start < end ? { start, end } : undefined;
}

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/**
 * A local day is numbered as days since 1970-01-01 on the local calendar, so day arithmetic is
 * plain integer arithmetic and never touches a zone.
 */
export function dayIndexOfDate(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}

export interface LocalDate {
  year: number;
  month: number;
  day: number;
  /** ISO weekday, 1 = Monday … 7 = Sunday. */
  weekday: number;
}

export function localDateOfDayIndex(dayIndex: number): LocalDate {
  const d = new Date(dayIndex * DAY_MS);
  // Day 0 (1970-01-01) was a Thursday, ISO weekday 4.
  const weekday = ((((dayIndex + 3) % 7) + 7) % 7) + 1;
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday };
}

/** "YYYY-MM-DD" of a local day, the key used for holidays. */
export function isoDateOfDayIndex(dayIndex: number): string {
  return new Date(dayIndex * DAY_MS).toISOString().slice(0, 10);
}

export function dayIndexOfIsoDate(iso: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const index = dayIndexOfDate(year, month, day);
  const back = localDateOfDayIndex(index);
  return back.year === year && back.month === month && back.day === day ? index : undefined;
}

/**
 * The instant at which a zone's wall clock shows `minuteOfDay` minutes after midnight of local day
 * `dayIndex` (1440 = the next local midnight).
 *
 * DST choices, applied everywhere so calendars stay wall-clock exact:
 * - a wall time that does not exist (spring-forward gap) is moved forward by the gap, as a clock
 *   on the wall is: 02:30 on the switch day becomes 03:30 of the new offset;
 * - a wall time that happens twice (fall-back overlap) means its FIRST occurrence.
 * So "08:00-16:00" is 8 h on any day whose switch is outside it, and an interval that contains a
 * switch is one hour shorter or longer, exactly like the wall clock.
 */
export function wallTimeToEpochMs(zone: IANAZone, dayIndex: number, minuteOfDay: number): number {
  const asIfUtc = dayIndex * DAY_MS + minuteOfDay * MINUTE_MS;
  // Offsets a day either side cover any single transition near this wall time.
  const offsetBefore = zone.offset(asIfUtc - DAY_MS);
  const offsetAfter = zone.offset(asIfUtc + DAY_MS);
  let best: number | undefined;
  for (const offset of offsetBefore === offsetAfter ? [offsetBefore] : [offsetBefore, offsetAfter]) {
    const candidate = asIfUtc - offset * MINUTE_MS;
    if (zone.offset(candidate) === offset && (best === undefined || candidate < best)) best = candidate;
  }
  // No candidate: the wall time is in a gap; reading it with the pre-gap offset lands after the gap.
  return best ?? asIfUtc - offsetBefore * MINUTE_MS;
}

/** Local day index of an instant, computed directly (no cache); used to seed cached lookups. */
export function dayIndexOfInstant(zone: IANAZone, epochMs: number): number {
  return Math.floor((epochMs + zone.offset(epochMs) * MINUTE_MS) / DAY_MS);
}
