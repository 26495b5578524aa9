import { describe, expect, it } from 'vitest';
import {
  addBusinessTime,
  isOpenAt,
  nextOpening,
  openTimeBetween,
} from '../../../../src/policy/calendar/index.js';
import { d, HOUR, makeCalendar, WEEKDAYS_08_16 } from './make-calendar.js';

const business = makeCalendar('Europe/Copenhagen', { weekly: WEEKDAYS_08_16 });

describe('addBusinessTime on Mon–Fri 08:00–16:00 Europe/Copenhagen', () => {
  it.each([
    ['before opening', '2026-11-23T06:00:00+01:00', 2, '2026-11-23T10:00:00+01:00'],
    ['exactly at opening', '2026-11-23T08:00:00+01:00', 2, '2026-11-23T10:00:00+01:00'],
    ['inside', '2026-11-23T15:00:00+01:00', 2, '2026-11-24T09:00:00+01:00'],
    ['exactly at closing', '2026-11-23T16:00:00+01:00', 2, '2026-11-24T10:00:00+01:00'],
    ['after closing', '2026-11-23T20:00:00+01:00', 2, '2026-11-24T10:00:00+01:00'],
    ['used up exactly at Friday closing', '2026-11-27T14:00:00+01:00', 2, '2026-11-27T16:00:00+01:00'],
    ['a full day from opening ends at closing', '2026-11-23T08:00:00+01:00', 8, '2026-11-23T16:00:00+01:00'],
    ['weekend start', '2026-11-29T12:00:00+01:00', 1, '2026-11-30T09:00:00+01:00'],
    ['Friday 15:00 + 2 h', '2026-11-27T15:00:00+01:00', 2, '2026-11-30T09:00:00+01:00'],
  ])('%s', (_why, start, hours, due) => {
    expect(addBusinessTime(business, d(start), hours * HOUR).toISOString()).toBe(d(due).toISOString());
  });

  it('returns the start itself for a zero duration', () => {
    expect(addBusinessTime(business, d('2026-11-28T12:00:00Z'), 0).toISOString()).toBe(
      '2026-11-28T12:00:00.000Z',
    );
  });

  it('never reports the start of an opening when the time ran out at a closing', () => {
    // 40 h from Monday 08:00 is exactly the week: Friday 16:00, not the next Monday 08:00.
    expect(addBusinessTime(business, d('2026-11-23T08:00:00+01:00'), 40 * HOUR).toISOString()).toBe(
      d('2026-11-27T16:00:00+01:00').toISOString(),
    );
  });

  it('handles long spans across chunk boundaries (a year of business time)', () => {
    // 52 weeks × 40 h from Mon 5 Jan 2026 08:00 → Fri 1 Jan 2027 16:00 (no holidays).
    expect(addBusinessTime(business, d('2026-01-05T08:00:00+01:00'), 52 * 40 * HOUR).toISOString()).toBe(
      d('2027-01-01T16:00:00+01:00').toISOString(),
    );
  });
});

describe('openTimeBetween, nextOpening, isOpenAt', () => {
  it('counts only open time', () => {
    expect(openTimeBetween(business, d('2026-11-27T15:00:00+01:00'), d('2026-11-30T09:00:00+01:00'))).toBe(
      2 * HOUR,
    );
    expect(openTimeBetween(business, d('2026-11-23T00:00:00+01:00'), d('2026-11-30T00:00:00+01:00'))).toBe(
      40 * HOUR,
    );
    expect(openTimeBetween(business, d('2026-11-30T00:00:00+01:00'), d('2026-11-23T00:00:00+01:00'))).toBe(0);
    expect(openTimeBetween(business, d('2026-01-05T08:00:00+01:00'), d('2027-01-01T16:00:00+01:00'))).toBe(
      52 * 40 * HOUR,
    );
  });

  it('finds the next opening (the instant itself when open)', () => {
    expect(nextOpening(business, d('2026-11-27T16:00:00+01:00')).toISOString()).toBe(
      d('2026-11-30T08:00:00+01:00').toISOString(),
    );
    expect(nextOpening(business, d('2026-11-27T15:59:00+01:00')).toISOString()).toBe(
      d('2026-11-27T15:59:00+01:00').toISOString(),
    );
    expect(isOpenAt(business, d('2026-11-27T08:00:00+01:00'))).toBe(true);
    expect(isOpenAt(business, d('2026-11-27T16:00:00+01:00'))).toBe(false);
  });
});

describe('DST: intervals follow the local wall clock', () => {
  it('an 08:00–16:00 day is 8 h on both switch weeks', () => {
    expect(openTimeBetween(business, d('2026-03-27T00:00:00+01:00'), d('2026-03-31T00:00:00+02:00'))).toBe(
      16 * HOUR,
    );
    expect(openTimeBetween(business, d('2026-10-23T00:00:00+02:00'), d('2026-10-27T00:00:00+01:00'))).toBe(
      16 * HOUR,
    );
    expect(addBusinessTime(business, d('2026-03-27T12:00:00+01:00'), 8 * HOUR).toISOString()).toBe(
      d('2026-03-30T12:00:00+02:00').toISOString(),
    );
  });

  it('a whole-day interval is 23 h / 25 h on the switch Sundays', () => {
    const sundays = makeCalendar('Europe/Amsterdam', { weekly: { sun: ['00:00-24:00'] } });
    expect(openTimeBetween(sundays, d('2026-03-28T12:00:00+01:00'), d('2026-03-30T12:00:00+02:00'))).toBe(
      23 * HOUR,
    );
    expect(openTimeBetween(sundays, d('2026-10-24T12:00:00+02:00'), d('2026-10-26T12:00:00+01:00'))).toBe(
      25 * HOUR,
    );
  });

  it('24x7 is real elapsed time across the 03:00 jump in Vilnius', () => {
    const always = makeCalendar('Europe/Vilnius', { type: '24x7' });
    expect(addBusinessTime(always, d('2026-03-29T02:30:00+02:00'), HOUR).toISOString()).toBe(
      d('2026-03-29T04:30:00+03:00').toISOString(),
    );
    expect(openTimeBetween(always, d('2026-03-28T00:00:00+02:00'), d('2026-03-30T00:00:00+03:00'))).toBe(
      47 * HOUR,
    );
  });

  it('24x7 with holidays is compiled as a weekly calendar and still DST-exact', () => {
    const always = makeCalendar('Europe/Vilnius', { type: '24x7', holidays: { dates: ['2026-03-27'] } });
    expect(always.alwaysOpen).toBe(false);
    expect(openTimeBetween(always, d('2026-03-27T00:00:00+02:00'), d('2026-03-30T00:00:00+03:00'))).toBe(
      47 * HOUR,
    );
  });

  it('a start in the nonexistent hour moves forward by the gap (02:30 → 03:30)', () => {
    const night = makeCalendar('Europe/Copenhagen', { weekly: { sun: ['02:30-04:00'] } });
    // 29 Mar 2026: 02:00 → 03:00. The interval becomes 03:30–04:00 CEST = 30 min.
    expect(openTimeBetween(night, d('2026-03-29T00:00:00+01:00'), d('2026-03-30T00:00:00+02:00'))).toBe(
      HOUR / 2,
    );
    expect(nextOpening(night, d('2026-03-29T00:00:00+01:00')).toISOString()).toBe(
      d('2026-03-29T03:30:00+02:00').toISOString(),
    );
  });

  it('an ambiguous wall time means its first occurrence (02:30 CEST on fall-back day)', () => {
    const night = makeCalendar('Europe/Copenhagen', { weekly: { sun: ['02:30-03:30'] } });
    // 25 Oct 2026: 03:00 CEST → 02:00 CET. 02:30 CEST (00:30Z) to 03:30 CET (02:30Z) = 2 h.
    expect(nextOpening(night, d('2026-10-25T00:00:00+02:00')).toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(openTimeBetween(night, d('2026-10-25T00:00:00+02:00'), d('2026-10-26T00:00:00+01:00'))).toBe(
      2 * HOUR,
    );
  });
});
