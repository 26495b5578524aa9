import { describe, expect, it } from 'vitest';
import {
  isOverQuota,
  monthlyLimit,
  quotaCounterTtlSeconds,
  quotaMonth,
} from '../../../../src/policy/rules/quota.js';

describe('quotaMonth: calendar months in the policy zone', () => {
  it.each([
    // [instant, zone, month key, resets at]
    ['2025-06-30T22:59:59Z', 'Europe/London', '2025-06', '2025-07-01T00:00:00.000+01:00'],
    ['2025-06-30T23:00:00Z', 'Europe/London', '2025-07', '2025-08-01T00:00:00.000+01:00'],
    ['2025-01-31T23:59:59Z', 'Europe/London', '2025-01', '2025-02-01T00:00:00.000+00:00'],
    ['2025-03-31T22:30:00Z', 'Europe/London', '2025-03', '2025-04-01T00:00:00.000+01:00'], // 23:30 BST
    ['2025-10-31T23:30:00Z', 'Europe/London', '2025-10', '2025-11-01T00:00:00.000+00:00'], // 23:30 GMT
    ['2025-06-30T21:30:00Z', 'Europe/Vilnius', '2025-07', '2025-08-01T00:00:00.000+03:00'], // 00:30 EEST
  ])('%s in %s is month %s, resetting %s', (instant, zone, monthKey, resetsAtIso) => {
    const month = quotaMonth(new Date(instant), zone);
    expect(month.monthKey).toBe(monthKey);
    expect(month.resetsAtIso).toBe(resetsAtIso);
    expect(month.resetsAt.toISOString()).toBe(new Date(resetsAtIso).toISOString());
  });

  it('reports the month start and a reset date for people', () => {
    const month = quotaMonth(new Date('2025-06-10T09:00:00Z'), 'Europe/London');
    expect(month.startsAt.toISOString()).toBe('2025-05-31T23:00:00.000Z');
    expect(month.resetDateText).toBe('1 July 2025');
  });

  it('keeps a counter alive past its month', () => {
    const now = new Date('2025-06-30T22:00:00Z'); // one hour before the London reset
    expect(quotaCounterTtlSeconds(now, 'Europe/London', 0)).toBe(3600);
  });
});

describe('quota limit', () => {
  it.each([
    [10, undefined, 10],
    [10, 25, 25],
    [null, 5, 5],
    [null, undefined, null],
  ])('policy default %s, directory %s → %s', (policyDefault, accountQuota, limit) => {
    expect(monthlyLimit(policyDefault, accountQuota)).toBe(limit);
  });

  it.each([
    [9, 10, false],
    [10, 10, true],
    [11, 10, true],
    [1000, null, false],
  ])('%s accepted so far with limit %s: over = %s', (count, limit, over) => {
    expect(isOverQuota(count, limit)).toBe(over);
  });
});
