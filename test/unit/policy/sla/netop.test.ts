import { describe, expect, it } from 'vitest';
import { type DueRow, expectRow } from './shipped-policies.js';

// Netop: calendar `business` Mon–Fri 08:00–16:00 Europe/Copenhagen (CET +01:00, CEST +02:00 from
// 29 Mar 2026 to 25 Oct 2026); 1 business day = 8 h. Every expected instant below was worked out
// by hand from the response matrix in config/policies/netop.yaml.
const rows: DueRow[] = [
  {
    why: 'critical, before opening: clock starts 08:00; resolution1 ends Friday at closing',
    plan: 'standard',
    severity: 'critical',
    at: '2026-11-23T07:00:00+01:00',
    due: {
      firstResponse: '2026-11-23T10:00:00+01:00',
      resolution1: '2026-11-27T16:00:00+01:00', // 40 h = Mon–Fri; boundary rule: Fri 16:00, not Mon 08:00
      resolution2: '2026-12-18T16:00:00+01:00', // 160 h = four full weeks
    },
    warn: {
      firstResponse: '2026-11-23T09:36:00+01:00', // 80 % of 2 h = 1h36
      resolution1: '2026-11-26T16:00:00+01:00', // 32 h = Mon–Thu
      resolution2: '2026-12-14T16:00:00+01:00', // 128 h = 16 business days
    },
  },
  {
    why: 'critical, exactly at opening',
    plan: 'standard',
    severity: 'critical',
    at: '2026-11-23T08:00:00+01:00',
    due: {
      firstResponse: '2026-11-23T10:00:00+01:00',
      resolution1: '2026-11-27T16:00:00+01:00',
      resolution2: '2026-12-18T16:00:00+01:00',
    },
  },
  {
    why: 'critical, exactly at closing: clock starts Tuesday 08:00',
    plan: 'standard',
    severity: 'critical',
    at: '2026-11-23T16:00:00+01:00',
    due: {
      firstResponse: '2026-11-24T10:00:00+01:00',
      resolution1: '2026-11-30T16:00:00+01:00',
      resolution2: '2026-12-21T16:00:00+01:00',
    },
  },
  {
    why: 'critical, after closing',
    plan: 'standard',
    severity: 'critical',
    at: '2026-11-23T17:30:00+01:00',
    due: {
      firstResponse: '2026-11-24T10:00:00+01:00',
      resolution1: '2026-11-30T16:00:00+01:00',
      resolution2: '2026-12-21T16:00:00+01:00',
    },
  },
  {
    why: 'critical, Friday afternoon: first response runs over the weekend',
    plan: 'standard',
    severity: 'critical',
    at: '2026-11-27T14:30:00+01:00',
    due: {
      firstResponse: '2026-11-30T08:30:00+01:00',
      resolution1: '2026-12-04T14:30:00+01:00',
      resolution2: '2026-12-25T14:30:00+01:00', // no holidays configured: Christmas Day is a working day
    },
    warn: { firstResponse: '2026-11-30T08:06:00+01:00' },
  },
  {
    why: 'high, 4 h ending exactly at Friday closing: Friday 16:00, not Monday 08:00',
    plan: 'standard',
    severity: 'high',
    at: '2026-11-27T12:00:00+01:00',
    due: {
      firstResponse: '2026-11-27T16:00:00+01:00',
      resolution1: '2026-12-11T12:00:00+01:00',
      resolution2: '2027-01-08T12:00:00+01:00',
    },
  },
  {
    why: 'medium, Saturday: clock starts Monday 08:00, 1 business day ends Monday 16:00',
    plan: 'standard',
    severity: 'medium',
    at: '2026-11-28T10:00:00+01:00',
    due: {
      firstResponse: '2026-11-30T16:00:00+01:00',
      resolution1: '2026-12-18T16:00:00+01:00',
      resolution2: '2027-02-19T16:00:00+01:00',
    },
  },
  {
    why: 'low across the March switch: 90 business days end in summer time',
    plan: 'standard',
    severity: 'low',
    at: '2026-03-02T08:00:00+01:00',
    due: {
      firstResponse: '2026-03-02T16:00:00+01:00',
      resolution1: '2026-03-27T16:00:00+01:00',
      resolution2: '2026-07-03T16:00:00+02:00', // 18 weeks later, wall clock 16:00 in CEST
    },
  },
  {
    why: 'low across the October switch: same wall-clock time 90 business days later',
    plan: 'standard',
    severity: 'low',
    at: '2026-07-15T11:00:00+02:00',
    due: {
      firstResponse: '2026-07-16T11:00:00+02:00',
      resolution1: '2026-08-12T11:00:00+02:00',
      resolution2: '2026-11-18T11:00:00+01:00',
    },
  },
  {
    why: 'high on the spring-forward Sunday',
    plan: 'standard',
    severity: 'high',
    at: '2026-03-29T10:00:00+02:00',
    due: {
      firstResponse: '2026-03-30T12:00:00+02:00',
      resolution1: '2026-04-10T16:00:00+02:00',
      resolution2: '2026-05-08T16:00:00+02:00',
    },
  },
  {
    why: 'critical on the Friday before fall-back: Monday is in CET',
    plan: 'standard',
    severity: 'critical',
    at: '2026-10-23T15:00:00+02:00',
    due: {
      firstResponse: '2026-10-26T09:00:00+01:00',
      resolution1: '2026-10-30T15:00:00+01:00',
      resolution2: '2026-11-20T15:00:00+01:00',
    },
  },
];

describe('Netop due times (hand-computed)', () => {
  it.each(rows)('$why', (row) => expectRow('netop', row, expect));
});
