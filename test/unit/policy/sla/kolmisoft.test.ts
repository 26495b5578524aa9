import { describe, expect, it } from 'vitest';
import { type DueRow, expectRow } from './shipped-policies.js';

// Kolmisoft, Europe/Vilnius (EET +02:00; EEST +03:00 from 29 Mar 2026 03:00 to 25 Oct 2026 04:00):
// `working` Mon–Fri 09:00–18:00; `emergency` 24x7. blocker/high run on emergency, medium/low on
// working. Reaction: enterprise 1 h, premium 3 h, basic 12 h; free none.
const rows: DueRow[] = [
  {
    why: 'enterprise blocker on Saturday night: 24x7',
    plan: 'enterprise',
    severity: 'blocker',
    at: '2026-11-28T03:00:00+02:00',
    due: { firstResponse: '2026-11-28T04:00:00+02:00' },
  },
  {
    why: 'basic blocker over the 03:00 spring jump: 12 real hours',
    plan: 'basic',
    severity: 'blocker',
    at: '2026-03-28T20:00:00+02:00',
    due: { firstResponse: '2026-03-29T09:00:00+03:00' },
    warn: { firstResponse: '2026-03-29T06:36:00+03:00' },
  },
  {
    why: 'basic high over the autumn fall-back: 12 real hours',
    plan: 'basic',
    severity: 'high',
    at: '2026-10-24T20:00:00+03:00',
    due: { firstResponse: '2026-10-25T07:00:00+02:00' },
  },
  {
    why: 'premium blocker starting in the last hour before the jump',
    plan: 'premium',
    severity: 'blocker',
    at: '2026-03-29T02:30:00+02:00',
    due: { firstResponse: '2026-03-29T06:30:00+03:00' },
  },
  {
    why: 'basic medium before opening: 9 h Monday + 3 h Tuesday',
    plan: 'basic',
    severity: 'medium',
    at: '2026-11-23T08:00:00+02:00',
    due: { firstResponse: '2026-11-24T12:00:00+02:00' },
  },
  {
    why: 'basic low ending exactly at Friday closing',
    plan: 'basic',
    severity: 'low',
    at: '2026-11-26T15:00:00+02:00',
    due: { firstResponse: '2026-11-27T18:00:00+02:00' },
  },
  {
    why: 'enterprise medium Friday 17:30: 30 min Friday, 30 min Monday',
    plan: 'enterprise',
    severity: 'medium',
    at: '2026-11-27T17:30:00+02:00',
    due: { firstResponse: '2026-11-30T09:30:00+02:00' },
  },
  {
    why: 'premium low on Saturday',
    plan: 'premium',
    severity: 'low',
    at: '2026-11-28T11:00:00+02:00',
    due: { firstResponse: '2026-11-30T12:00:00+02:00' },
  },
  {
    why: 'premium medium exactly at closing',
    plan: 'premium',
    severity: 'medium',
    at: '2026-11-24T18:00:00+02:00',
    due: { firstResponse: '2026-11-25T12:00:00+02:00' },
  },
  {
    why: 'free blocker: forum only, no target',
    plan: 'free',
    severity: 'blocker',
    at: '2026-11-27T10:00:00+02:00',
    due: {},
  },
];

describe('Kolmisoft due times (hand-computed)', () => {
  it.each(rows)('$why', (row) => expectRow('kolmisoft', row, expect));
});
