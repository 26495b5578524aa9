import type { BusinessCalendar } from './business-calendar.js';
import { addBusinessMs, isOpenAtMs, nextOpeningMs, openMsBetween } from './business-time.js';

export type { BusinessCalendar, CalendarInfo } from './business-calendar.js';
export { addBusinessMs, isOpenAtMs, nextOpeningMs, openIntervals, openMsBetween } from './business-time.js';
export type { CalendarDefinition, CalendarDefinitions } from './calendar-schema.js';
export { calendarSchema } from './calendar-schema.js';
export { type CompiledCalendars, compileCalendars } from './compile-calendars.js';
export type { DayException, OpenDay } from './open-day.js';

/**
 * Instant at which `durationMs` of open time has passed since `start`. A clock started while closed
 * starts at the next opening; an amount used up exactly at a closing is due at that closing.
 */
export function addBusinessTime(calendar: BusinessCalendar, start: Date, durationMs: number): Date {
  return new Date(addBusinessMs(calendar, start.getTime(), durationMs));
}

/** Open time (ms) between two instants; 0 when `to` is not after `from`. */
export function openTimeBetween(calendar: BusinessCalendar, from: Date, to: Date): number {
  return openMsBetween(calendar, from.getTime(), to.getTime());
}

/** `t` itself when the calendar is open at t, else the start of the next open interval. */
export function nextOpening(calendar: BusinessCalendar, t: Date): Date {
  return new Date(nextOpeningMs(calendar, t.getTime()));
}

export function isOpenAt(calendar: BusinessCalendar, t: Date): boolean {
  return isOpenAtMs(calendar, t.getTime());
}
