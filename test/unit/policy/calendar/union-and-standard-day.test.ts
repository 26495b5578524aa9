import { describe, expect, it } from 'vitest';
import { addBusinessTime, isOpenAt, openTimeBetween } from '../../../../src/policy/calendar/index.js';
import { d, HOUR, makeCalendar, makeCalendars, WEEKDAYS_08_16 } from './make-calendar.js';

const office = {
  weekly: {
    mon: ['08:00-17:00'],
    tue: ['08:00-17:00'],
    wed: ['08:00-17:00'],
    thu: ['08:00-17:00'],
    fri: ['08:00-17:00'],
  },
};
const weekend = {
  weekly: { fri: ['17:00-24:00'], sat: ['00:00-24:00'], sun: ['00:00-24:00'], mon: ['00:00-08:00'] },
};
const perfana = makeCalendars('Europe/Amsterdam', {
  office,
  weekend,
  enterprise: { union: ['office', 'weekend'] },
});
const enterprise = perfana.get('enterprise')!;

describe('union calendars (Perfana enterprise = office ∪ Friday 17:00 → Monday 08:00)', () => {
  it.each([
    ['2026-11-27T16:59:00+01:00', true],
    ['2026-11-27T17:00:00+01:00', true],
    ['2026-11-28T03:00:00+01:00', true],
    ['2026-11-30T07:59:00+01:00', true],
    ['2026-11-30T08:00:00+01:00', true],
    ['2026-11-30T17:00:00+01:00', false],
    ['2026-11-25T02:00:00+01:00', false],
  ])('open at %s: %s', (at, open) => {
    expect(isOpenAt(enterprise, d(at))).toBe(open);
  });

  it('is one continuous stretch from Friday 08:00 to Monday 17:00', () => {
    expect(openTimeBetween(enterprise, d('2026-11-27T08:00:00+01:00'), d('2026-11-30T17:00:00+01:00'))).toBe(
      81 * HOUR,
    );
    expect(addBusinessTime(enterprise, d('2026-11-27T16:30:00+01:00'), HOUR).toISOString()).toBe(
      d('2026-11-27T17:30:00+01:00').toISOString(),
    );
  });
});

describe('standard open day (businessDays)', () => {
  it('is the most common weekday length: 8 h, 9 h; 24 h for 24x7', () => {
    expect(makeCalendar('Europe/Copenhagen', { weekly: WEEKDAYS_08_16 }).standardDayMs).toBe(8 * HOUR);
    expect(perfana.get('office')!.standardDayMs).toBe(9 * HOUR);
    expect(makeCalendar('Europe/Vilnius', { type: '24x7' }).standardDayMs).toBe(24 * HOUR);
  });

  it('for a union derives from the merged week (office days win over weekend days) or the setting', () => {
    expect(enterprise.standardDayMs).toBe(9 * HOUR);
    const set = makeCalendars('Europe/Amsterdam', {
      office,
      weekend,
      e: { union: ['office', 'weekend'], businessDayHours: 7.5 },
    });
    expect(set.get('e')!.standardDayMs).toBe(7.5 * HOUR);
  });

  it('split intervals add up, the most common length wins, ties go to the longer day', () => {
    const mostCommon = makeCalendar('UTC', {
      weekly: {
        mon: ['09:00-12:00', '13:00-17:00'],
        tue: ['09:00-16:00'],
        wed: ['09:00-18:00'],
        thu: ['09:00-18:00'],
        fri: ['09:00-16:00'],
      },
    });
    expect(mostCommon.standardDayMs).toBe(7 * HOUR); // Mon, Tue, Fri 7 h against Wed, Thu 9 h
    const tie = makeCalendar('UTC', {
      weekly: {
        mon: ['09:00-12:00', '13:00-17:00'],
        tue: ['09:00-16:00'],
        wed: ['09:00-18:00'],
        thu: ['09:00-18:00'],
      },
    });
    expect(tie.standardDayMs).toBe(9 * HOUR); // 2 × 7 h against 2 × 9 h
  });
});
