import { DateTime } from 'luxon';

// The pure quota rule. Counting itself is atomic in Redis (store code); this file only says
// which month an instant belongs to, when that month ends, and whether a count is over.

export interface QuotaMonth {
  /** "YYYY-MM" of the calendar month in the policy zone; part of the Redis counter key. */
  monthKey: string;
  startsAt: Date;
  /** The first instant of the next month in the policy zone: when the count starts again. */
  resetsAt: Date;
  /** `resetsAt` as ISO 8601 with the zone's offset, e.g. "2025-07-01T00:00:00.000+01:00". */
  resetsAtIso: string;
  /** `resetsAt` for people, e.g. "1 July 2025". */
  resetDateText: string;
}

/**
 * The quota month `now` falls in. Months are calendar months in the policy time zone
 * (FastNetMon's requests are counted per month in Europe/London), so 00:30 BST on 1 July is already July even
 * though it is still 30 June in UTC.
 */
export function quotaMonth(now: Date, timezone: string): QuotaMonth {
  const start = DateTime.fromJSDate(now).setZone(timezone).startOf('month');
  const reset = start.plus({ months: 1 });
  return {
    monthKey: start.toFormat('yyyy-LL'),
    startsAt: start.toJSDate(),
    resetsAt: reset.toJSDate(),
    resetsAtIso: reset.toISO() ?? reset.toJSDate().toISOString(),
    resetDateText: reset.setLocale('en-GB').toFormat('d LLLL yyyy'),
  };
}

/** The monthly limit for an account: the directory's own value, else the policy default; null = unlimited. */
export function monthlyLimit(policyDefault: number | null, accountQuota: number | undefined): number | null {
  return accountQuota ?? policyDefault;
}

/** Whether one more accepted case would exceed the limit, given the cases accepted so far this month. */
export function isOverQuota(acceptedThisMonth: number, limit: number | null): boolean {
  return limit !== null && acceptedThisMonth >= limit;
}

/**
 * How long a quota counter must live: to the month's reset plus a margin, so a counter never
 * disappears while its month is still running whatever the server clock does.
 */
export function quotaCounterTtlSeconds(now: Date, timezone: string, marginSeconds = 7 * 24 * 3600): number {
  const { resetsAt } = quotaMonth(now, timezone);
  return Math.ceil((resetsAt.getTime() - now.getTime()) / 1000) + marginSeconds;
}
