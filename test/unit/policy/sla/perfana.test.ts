import { describe, expect, it } from 'vitest';
import { type DueRow, expectRow } from './shipped-policies.js';

// Perfana, Europe/Amsterdam (CET +01:00; CEST +02:00 from 29 Mar 2026 02:00 to 25 Oct 2026 03:00):
// `office` Mon–Fri 08:00–17:00 (1 business day = 9 h); `enterprise` = office plus Friday 17:00 →
// Monday 08:00, weeknights closed. 27 Nov 2026 is a Friday.
const rows: DueRow[] = [
  // Enterprise weekend coverage edges (sev1 = 1 h on `enterprise`).
  {
    why: 'enterprise sev1 Fri 16:59: runs on into the weekend',
    plan: 'enterprise',
    severity: 'sev1',
    at: '2026-11-27T16:59:00+01:00',
    due: { firstResponse: '2026-11-27T17:59:00+01:00' },
  },
  {
    why: 'enterprise sev1 Fri 17:00',
    plan: 'enterprise',
    severity: 'sev1',
    at: '2026-11-27T17:00:00+01:00',
    due: { firstResponse: '2026-11-27T18:00:00+01:00' },
  },
  {
    why: 'enterprise sev1 Mon 07:59: weekend coverage flows into office hours',
    plan: 'enterprise',
    severity: 'sev1',
    at: '2026-11-30T07:59:00+01:00',
    due: { firstResponse: '2026-11-30T08:59:00+01:00' },
  },
  {
    why: 'enterprise sev1 Mon 08:00',
    plan: 'enterprise',
    severity: 'sev1',
    at: '2026-11-30T08:00:00+01:00',
    due: { firstResponse: '2026-11-30T09:00:00+01:00' },
  },
  {
    why: 'enterprise sev1 on a weeknight: closed until Wednesday 08:00',
    plan: 'enterprise',
    severity: 'sev1',
    at: '2026-11-24T20:00:00+01:00',
    due: { firstResponse: '2026-11-25T09:00:00+01:00' },
  },
  {
    why: 'enterprise sev1 Thursday 16:30: 30 min, night closed, 30 min Friday',
    plan: 'enterprise',
    severity: 'sev1',
    at: '2026-11-26T16:30:00+01:00',
    due: { firstResponse: '2026-11-27T08:30:00+01:00' },
  },
  {
    why: 'enterprise sev1 Sunday night crosses midnight',
    plan: 'enterprise',
    severity: 'sev1',
    at: '2026-11-29T23:30:00+01:00',
    due: { firstResponse: '2026-11-30T00:30:00+01:00' },
    warn: { firstResponse: '2026-11-30T00:18:00+01:00' },
  },
  {
    why: 'enterprise sev2 Friday 16:00 runs through 17:00',
    plan: 'enterprise',
    severity: 'sev2',
    at: '2026-11-27T16:00:00+01:00',
    due: { firstResponse: '2026-11-27T18:00:00+01:00' },
  },
  {
    why: 'enterprise sev2 Thursday 16:00: 1 h Thu, 1 h Fri',
    plan: 'enterprise',
    severity: 'sev2',
    at: '2026-11-26T16:00:00+01:00',
    due: { firstResponse: '2026-11-27T09:00:00+01:00' },
  },
  {
    why: 'enterprise sev2 over the spring-forward hour (weekend is real time)',
    plan: 'enterprise',
    severity: 'sev2',
    at: '2026-03-29T01:30:00+01:00',
    due: { firstResponse: '2026-03-29T04:30:00+02:00' },
  },
  {
    why: 'enterprise sev2 over the fall-back hour',
    plan: 'enterprise',
    severity: 'sev2',
    at: '2026-10-25T01:30:00+02:00',
    due: { firstResponse: '2026-10-25T02:30:00+01:00' },
  },
  // Enterprise sev3/sev4 run on `office`, not on the weekend coverage.
  {
    why: 'enterprise sev3 on Friday evening: office clock starts Monday 08:00',
    plan: 'enterprise',
    severity: 'sev3',
    at: '2026-11-27T18:00:00+01:00',
    due: { firstResponse: '2026-11-30T17:00:00+01:00' },
  },
  {
    why: 'enterprise sev4 2 business days end Tuesday at closing',
    plan: 'enterprise',
    severity: 'sev4',
    at: '2026-11-30T08:00:00+01:00',
    due: { firstResponse: '2026-12-01T17:00:00+01:00' },
  },
  // Team: everything on `office`.
  {
    why: 'team sev1 Friday 16:00: 1 h Fri, 1 h Mon',
    plan: 'team',
    severity: 'sev1',
    at: '2026-11-27T16:00:00+01:00',
    due: { firstResponse: '2026-11-30T09:00:00+01:00' },
  },
  {
    why: 'team sev1 Saturday',
    plan: 'team',
    severity: 'sev1',
    at: '2026-11-28T10:00:00+01:00',
    due: { firstResponse: '2026-11-30T10:00:00+01:00' },
  },
  {
    why: 'team sev1 Friday 17:00 (closing): no weekend coverage on team',
    plan: 'team',
    severity: 'sev1',
    at: '2026-11-27T17:00:00+01:00',
    due: { firstResponse: '2026-11-30T10:00:00+01:00' },
  },
  {
    why: 'team sev2 6 h: 4 h Monday + 2 h Tuesday',
    plan: 'team',
    severity: 'sev2',
    at: '2026-11-30T13:00:00+01:00',
    due: { firstResponse: '2026-12-01T10:00:00+01:00' },
  },
  {
    why: 'team sev3 1 business day from Friday 14:30',
    plan: 'team',
    severity: 'sev3',
    at: '2026-11-27T14:30:00+01:00',
    due: { firstResponse: '2026-11-30T14:30:00+01:00' },
    warn: { firstResponse: '2026-11-30T12:42:00+01:00' },
  },
  {
    why: 'team sev4 2 business days from Monday 08:00 end Tuesday 17:00',
    plan: 'team',
    severity: 'sev4',
    at: '2026-11-30T08:00:00+01:00',
    due: { firstResponse: '2026-12-01T17:00:00+01:00' },
  },
  {
    why: 'team sev3 across the spring switch',
    plan: 'team',
    severity: 'sev3',
    at: '2026-03-27T12:00:00+01:00',
    due: { firstResponse: '2026-03-30T12:00:00+02:00' },
  },
  // Free: community only, no promise at all.
  {
    why: 'free sev1 has no targets',
    plan: 'free',
    severity: 'sev1',
    at: '2026-11-27T10:00:00+01:00',
    due: {},
  },
  {
    why: 'free sev4 has no targets',
    plan: 'free',
    severity: 'sev4',
    at: '2026-11-27T10:00:00+01:00',
    due: {},
  },
];

describe('Perfana due times (hand-computed)', () => {
  it.each(rows)('$why', (row) => expectRow('perfana', row, expect));
});
