import type { HolidaysDefinition } from './calendar-schema.js';
import { countryHolidays } from './holiday-source.js';
import type { DayException } from './open-day.js';
import { isoDateOfDayIndex, type MinuteRange, parseTimeRange } from './wall-time.js';

export type DayOverride =
  | (DayException & { kind: 'holiday' })
  | (DayException & { kind: 'halfDay'; ranges: MinuteRange[] });

export type HolidayRules = (dayIndex: number) => DayOverride | undefined;

/**
 * Precedence on one date: an explicit closed date, then an explicit half-day, then a public
 * holiday of the country (explicit settings are the operator's word and beat the library).
 */
export function holidayRules(def: HolidaysDefinition): HolidayRules {
  const closed = new Map<string, string>();
  for (const entry of def.dates) {
    if (typeof entry === 'string') closed.set(entry, `closed ${entry}`);
    else closed.set(entry.date, entry.name);
  }
  const halfDays = new Map<string, { name: string; ranges: MinuteRange[] }>();
  for (const h of def.halfDays) {
    const texts = typeof h.open === 'string' ? [h.open] : h.open;
    const ranges = texts.map((t) => parseTimeRange(t)).filter((r): r is MinuteRange => r !== undefined);
    halfDays.set(h.date, { name: h.name ?? `half-day ${h.date}`, ranges });
  }
  const country = def.country === undefined ? undefined : countryHolidays(def.country, def.region);

  return (dayIndex) => {
    const iso = isoDateOfDayIndex(dayIndex);
    const closedName = closed.get(iso);
    if (closedName !== undefined) return { kind: 'holiday', name: closedName };
    const half = halfDays.get(iso);
    if (half) return { kind: 'halfDay', name: half.name, ranges: half.ranges };
    const publicName = country?.nameOn(iso);
    return publicName === undefined ? undefined : { kind: 'holiday', name: publicName };
  };
}
