import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { zoneOffsetMinutes } from '../../../../src/policy/calendar/zone-offset.js';
import { isoInZone } from '../../../../src/policy/sla.js';

const zones = [
  'Europe/Copenhagen',
  'Europe/London',
  'Europe/Amsterdam',
  'Europe/Vilnius',
  'Australia/Lord_Howe', // 30-minute DST
  'America/St_Johns', // -03:30 / -02:30
  'Asia/Kathmandu', // +05:45
  'UTC',
];

describe('cached zone offsets and ISO formatting', () => {
  it('agree with luxon at random instants, including every 2026 switch hour', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...zones),
        fc.integer({ min: Date.parse('2024-01-01T00:00:00Z'), max: Date.parse('2030-01-01T00:00:00Z') }),
        (zone, ms) => {
          const luxon = DateTime.fromMillis(ms, { zone });
          expect(zoneOffsetMinutes(zone, ms)).toBe(luxon.offset);
          expect(isoInZone(ms, zone)).toBe(luxon.toFormat("yyyy-MM-dd'T'HH:mm:ssZZ"));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('switches exactly at the transition instant', () => {
    const spring = Date.parse('2026-03-29T01:00:00Z');
    expect(isoInZone(spring - 1000, 'Europe/Copenhagen')).toBe('2026-03-29T01:59:59+01:00');
    expect(isoInZone(spring, 'Europe/Copenhagen')).toBe('2026-03-29T03:00:00+02:00');
    const autumn = Date.parse('2026-10-25T01:00:00Z');
    expect(isoInZone(autumn - 1000, 'Europe/Vilnius')).toBe('2026-10-25T03:59:59+03:00');
    expect(isoInZone(autumn, 'Europe/Vilnius')).toBe('2026-10-25T03:00:00+02:00');
  });
});
