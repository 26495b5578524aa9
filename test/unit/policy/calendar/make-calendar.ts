import type { BusinessCalendar } from '../../../../src/policy/calendar/index.js';
import { calendarSchema, compileCalendars } from '../../../../src/policy/calendar/index.js';

/** Compiles test-only calendars written like the `calendars:` section of a policy file. */
export function makeCalendars(zone: string, defs: Record<string, unknown>): Map<string, BusinessCalendar> {
  const parsed = Object.fromEntries(
    Object.entries(defs).map(([name, def]) => [name, calendarSchema.parse(def)]),
  );
  return new Map(compileCalendars(parsed, zone));
}

export function makeCalendar(zone: string, def: unknown): BusinessCalendar {
  return makeCalendars(zone, { test: def }).get('test')!;
}

export const WEEKDAYS_08_16 = {
  mon: ['08:00-16:00'],
  tue: ['08:00-16:00'],
  wed: ['08:00-16:00'],
  thu: ['08:00-16:00'],
  fri: ['08:00-16:00'],
};

export const d = (iso: string): Date => new Date(iso);
export const HOUR = 3_600_000;
