import type { IANAZone } from 'luxon';
import type { HolidayRules } from './holiday-rules.js';
import { normaliseIntervals, type OpenDay } from './open-day.js';
import { localDateOfDayIndex, MINUTES_PER_DAY, type MinuteRange, wallTimeToEpochMs } from './wall-time.js';

/** Weekly hours as minute ranges, index 0 = Monday … 6 = Sunday. */
export type WeeklyPattern = ReadonlyArray<ReadonlyArray<MinuteRange>>;

export const ALWAYS_OPEN_PATTERN: WeeklyPattern = Array.from({ length: 7 }, () => [
  { start: 0, end: MINUTES_PER_DAY },
]);

/** Builds one local day of a weekly calendar, with holidays applied. */
export function weeklyDayBuilder(
  zone: IANAZone,
  pattern: WeeklyPattern,
  holidays: HolidayRules | undefined,
): (dayIndex: number) => OpenDay {
  return (index) => {
    const start = wallTimeToEpochMs(zone, index, 0);
    const end = wallTimeToEpochMs(zone, index + 1, 0);
    const override = holidays?.(index);
    const ranges =
      override === undefined
        ? (pattern[localDateOfDayIndex(index).weekday - 1] ?? [])
        : override.kind === 'halfDay'
          ? override.ranges
          : [];
    const pairs: number[] = [];
    for (const r of ranges) {
      const a = r.start === 0 ? start : wallTimeToEpochMs(zone, index, r.start);
      const b = r.end === MINUTES_PER_DAY ? end : wallTimeToEpochMs(zone, index, r.end);
      pairs.push(Math.max(a, start), Math.min(b, end));
    }
    const { open, openMs } = normaliseIntervals(pairs);
    const day: OpenDay = { index, start, end, open, openMs };
    if (override) day.exception = { kind: override.kind, name: override.name };
    return day;
  };
}

/** Merges several weekly patterns into the pattern of their union. */
export function unionPattern(patterns: ReadonlyArray<WeeklyPattern>): WeeklyPattern {
  return Array.from({ length: 7 }, (_, weekday) => {
    const all = patterns.flatMap((p) => p[weekday] ?? []).sort((x, y) => x.start - y.start);
    const merged: MinuteRange[] = [];
    for (const r of all) {
      const last = merged[merged.length - 1];
      if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
      else merged.push({ ...r });
    }
    return merged;
  });
}

/**
 * The "standard open day" behind `businessDays`: the most common non-zero open length among the
 * seven weekdays, ties going to the longer one. Mon–Fri 08:00–16:00 gives 8 h, 24x7 gives 24 h,
 * Perfana's office ∪ weekend (17 h, 9 h ×3, 16 h, 24 h ×2) gives 9 h. Measured in wall-clock
 * minutes, so a DST day does not change it.
 */
export function standardDayMinutes(pattern: WeeklyPattern): number {
  const counts = new Map<number, number>();
  for (const ranges of pattern) {
    const length = ranges.reduce((sum, r) => sum + (r.end - r.start), 0);
    if (length > 0) counts.set(length, (counts.get(length) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = 0;
  for (const [length, count] of counts) {
    if (count > bestCount || (count === bestCount && length > best)) {
      best = length;
      bestCount = count;
    }
  }
  return best;
}
