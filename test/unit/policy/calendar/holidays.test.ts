import { describe, expect, it } from 'vitest';
import { addBusinessTime, openTimeBetween } from '../../../../src/policy/calendar/index.js';
import { d, HOUR, makeCalendar, WEEKDAYS_08_16 } from './make-calendar.js';

const due = (cal: ReturnType<typeof makeCalendar>, start: string, hours: number): string =>
  addBusinessTime(cal, d(start), hours * HOUR).toISOString();

describe('holidays', () => {
  it('an explicit date closes the whole day', () => {
    const cal = makeCalendar('Europe/Copenhagen', {
      weekly: WEEKDAYS_08_16,
      holidays: { dates: ['2026-12-24'] },
    });
    // Wed 23 Dec 15:00: 1 h Wed, Thu 24 closed, 1 h Fri 25 (not a holiday here).
    expect(due(cal, '2026-12-23T15:00:00+01:00', 2)).toBe(d('2026-12-25T09:00:00+01:00').toISOString());
  });

  it('a half-day replaces that date’s hours', () => {
    const cal = makeCalendar('Europe/Copenhagen', {
      weekly: WEEKDAYS_08_16,
      holidays: { halfDays: [{ date: '2026-12-31', open: '08:00-12:00', name: "New Year's Eve" }] },
    });
    expect(due(cal, '2026-12-31T11:00:00+01:00', 2)).toBe(d('2027-01-01T09:00:00+01:00').toISOString());
    expect(openTimeBetween(cal, d('2026-12-31T00:00:00+01:00'), d('2027-01-01T00:00:00+01:00'))).toBe(
      4 * HOUR,
    );
  });

  it('a date-holidays country closes its public holidays only', () => {
    const cal = makeCalendar('Europe/Copenhagen', { weekly: WEEKDAYS_08_16, holidays: { country: 'DK' } });
    // Thu 24 Dec (Juleaftensdag, an observance, open): 1 h; Fri 25 Christmas Day closed; Mon 28: 3 h.
    expect(due(cal, '2026-12-24T15:00:00+01:00', 4)).toBe(d('2026-12-28T11:00:00+01:00').toISOString());
    // Fri 1 Jan 2027 New Year's Day closed: Thu 31 Dec 15:00 + 2 h → Mon 4 Jan 09:00.
    expect(due(cal, '2026-12-31T15:00:00+01:00', 2)).toBe(d('2027-01-04T09:00:00+01:00').toISOString());
  });

  it('a region adds its own public holidays (Bavaria has Epiphany, Berlin has not)', () => {
    const week = {
      mon: ['09:00-17:00'],
      tue: ['09:00-17:00'],
      wed: ['09:00-17:00'],
      thu: ['09:00-17:00'],
      fri: ['09:00-17:00'],
    };
    const bavaria = makeCalendar('Europe/Berlin', {
      weekly: week,
      holidays: { country: 'DE', region: 'BY' },
    });
    const berlin = makeCalendar('Europe/Berlin', { weekly: week, holidays: { country: 'DE', region: 'BE' } });
    expect(due(bavaria, '2026-01-05T16:00:00+01:00', 2)).toBe(d('2026-01-07T10:00:00+01:00').toISOString());
    expect(due(berlin, '2026-01-05T16:00:00+01:00', 2)).toBe(d('2026-01-06T10:00:00+01:00').toISOString());
  });

  it('explicit settings beat the country (a half-day on a public holiday opens it)', () => {
    const cal = makeCalendar('Europe/Copenhagen', {
      weekly: WEEKDAYS_08_16,
      holidays: { country: 'DK', halfDays: [{ date: '2026-12-25', open: ['09:00-10:00', '11:00-12:00'] }] },
    });
    expect(openTimeBetween(cal, d('2026-12-25T00:00:00+01:00'), d('2026-12-26T00:00:00+01:00'))).toBe(
      2 * HOUR,
    );
  });

  it('records why a day is closed, for explanations', () => {
    const cal = makeCalendar('Europe/Copenhagen', {
      weekly: WEEKDAYS_08_16,
      holidays: { dates: ['2026-12-24'] },
    });
    expect(cal.day(cal.dayIndexAt(d('2026-12-24T12:00:00+01:00').getTime())).exception).toEqual({
      kind: 'holiday',
      name: 'closed 2026-12-24',
    });
  });
});
