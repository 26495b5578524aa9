import { z } from 'zod';
import { holidayRegionsOf, isKnownHolidayCountry } from './holiday-source.js';
import { dayIndexOfIsoDate, isValidZone, parseTimeRange, WEEKDAY_KEYS } from './wall-time.js';

export const zoneSchema = z
  .string()
  .refine(isValidZone, { error: 'an IANA time zone such as "Europe/Copenhagen"' });

export const timeRangeSchema = z.string().refine((text) => parseTimeRange(text) !== undefined, {
  error: '"HH:MM-HH:MM" in 24-hour local time with the start before the end (end may be 24:00)',
});

export const isoDateSchema = z
  .string()
  .refine((text) => dayIndexOfIsoDate(text) !== undefined, { error: 'a date "YYYY-MM-DD"' });

export const calendarNameSchema = z
  .string()
  .regex(/^[a-z][A-Za-z0-9_-]*$/, { error: 'a calendar name like "business" (letters, digits, - or _)' });

const dayRangesSchema = z.array(timeRangeSchema);

/** Open local wall-clock intervals per weekday; a missing weekday is closed all day. */
export const weeklySchema = z
  .object(
    Object.fromEntries(WEEKDAY_KEYS.map((key) => [key, dayRangesSchema.optional()])) as {
      [K in (typeof WEEKDAY_KEYS)[number]]: z.ZodOptional<typeof dayRangesSchema>;
    },
  )
  .strict();

const closedDateSchema = z.union(
  [isoDateSchema, z.object({ date: isoDateSchema, name: z.string() }).strict()],
  {
    error: 'a date "YYYY-MM-DD" or { date, name }',
  },
);

const halfDaySchema = z
  .object({
    date: isoDateSchema,
    /** The day's only open interval(s); they replace the weekly hours of that date. */
    open: z.union([timeRangeSchema, z.array(timeRangeSchema)], {
      error: '"HH:MM-HH:MM" or a list of them',
    }),
    name: z.string().optional(),
  })
  .strict();

export const holidaysSchema = z
  .object({
    /** ISO 3166-1 alpha-2 country of the `date-holidays` library; only its public holidays close. */
    country: z.string().optional(),
    region: z.string().optional(),
    /** Extra dates closed all day. */
    dates: z.array(closedDateSchema).default([]),
    /** Dates open only part of the day. A date in both `dates` and `halfDays` is closed. */
    halfDays: z.array(halfDaySchema).default([]),
  })
  .strict()
  .superRefine((h, ctx) => {
    if (h.country !== undefined && !isKnownHolidayCountry(h.country)) {
      ctx.addIssue({
        code: 'custom',
        path: ['country'],
        message: 'a country code of date-holidays, e.g. "DK"',
      });
    } else if (h.region !== undefined) {
      const regions = h.country === undefined ? [] : holidayRegionsOf(h.country);
      if (!regions.includes(h.region)) {
        ctx.addIssue({
          code: 'custom',
          path: ['region'],
          message:
            h.country === undefined
              ? 'no region without a country'
              : `one of ${regions.map((r) => JSON.stringify(r)).join(', ') || '(none: this country has no regions)'}`,
        });
      }
    }
  });

/**
 * One calendar: exactly one of `weekly` (open intervals per weekday), `type: 24x7`, or `union`
 * (open whenever any named calendar of the same policy is open).
 */
export const calendarSchema = z
  .object({
    weekly: weeklySchema.optional(),
    type: z.literal('24x7').optional(),
    union: z.array(calendarNameSchema).min(2).optional(),
    holidays: holidaysSchema.optional(),
    /** Defaults to the policy's time zone. */
    timezone: zoneSchema.optional(),
    /**
     * Length of one business day for `businessDays` targets. Default: the most common non-zero
     * open length among the seven weekdays (ties: the longer); 24 for 24x7.
     */
    businessDayHours: z.number().positive().max(24).optional(),
  })
  .strict()
  .superRefine((cal, ctx) => {
    const kinds = [cal.weekly && 'weekly', cal.type && 'type', cal.union && 'union'].filter(Boolean);
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: `exactly one of "weekly", "type: 24x7" or "union" (found ${kinds.length === 0 ? 'none' : kinds.join(' and ')})`,
      });
    }
    if (cal.union && cal.holidays) {
      ctx.addIssue({
        code: 'custom',
        path: ['holidays'],
        message: 'no holidays on a union (put them on its member calendars)',
      });
    }
    if (
      cal.weekly &&
      Object.values(cal.weekly).every((ranges) => ranges === undefined || ranges.length === 0)
    ) {
      ctx.addIssue({ code: 'custom', path: ['weekly'], message: 'at least one open interval in the week' });
    }
  });

export type CalendarDefinition = z.output<typeof calendarSchema>;
export type HolidaysDefinition = z.output<typeof holidaysSchema>;
export type CalendarDefinitions = Record<string, CalendarDefinition>;
