import { IANAZone } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  dayIndexOfDate,
  dayIndexOfIsoDate,
  localDateOfDayIndex,
  parseTimeRange,
  wallTimeToEpochMs,
} from '../../../../src/policy/calendar/wall-time.js';

describe('parseTimeRange', () => {
  it.each([
    ['08:00-16:00', { start: 480, end: 960 }],
    ['00:00-24:00', { start: 0, end: 1440 }],
    ['17:00-24:00', { start: 1020, end: 1440 }],
    ['16:00-08:00', undefined],
    ['08:00-08:00', undefined],
    ['8:00-16:00', undefined],
    ['08:00-24:30', undefined],
    ['24:00-24:00', undefined],
  ])('%s', (text, expected) => {
    expect(parseTimeRange(text)).toEqual(expected);
  });
});

describe('local days', () => {
  it('numbers days from 1970-01-01 (a Thursday) and knows weekdays', () => {
    expect(dayIndexOfDate(1970, 1, 1)).toBe(0);
    const monday = dayIndexOfDate(2026, 11, 23);
    expect(localDateOfDayIndex(monday)).toEqual({ year: 2026, month: 11, day: 23, weekday: 1 });
    expect(localDateOfDayIndex(monday + 6).weekday).toBe(7);
    expect(dayIndexOfIsoDate('2026-02-30')).toBeUndefined();
  });

  it('maps wall times to instants with the documented DST choices', () => {
    const cph = IANAZone.create('Europe/Copenhagen');
    const spring = dayIndexOfDate(2026, 3, 29);
    const autumn = dayIndexOfDate(2026, 10, 25);
    expect(new Date(wallTimeToEpochMs(cph, spring, 150)).toISOString()).toBe('2026-03-29T01:30:00.000Z'); // 02:30 → 03:30 CEST
    expect(new Date(wallTimeToEpochMs(cph, autumn, 150)).toISOString()).toBe('2026-10-25T00:30:00.000Z'); // first 02:30
    expect(new Date(wallTimeToEpochMs(cph, autumn, 1440)).toISOString()).toBe('2026-10-25T23:00:00.000Z'); // 24:00
  });
});
