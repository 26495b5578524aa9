import { expect } from 'vitest';
import type { TrialResult } from './trial-report.js';

/** FastNetMon's plan in config/customers.yaml admits this many requests a month. */
const FASTNETMON_QUOTA = 10;

/**
 * What every trial must show: each mail answered exactly once, one case per acknowledgement,
 * the quota counted once per request, and each case's SLA jobs scheduled once.
 */
export function expectExactlyOnce(r: TrialResult, quotaMails: number): void {
  expect(r.outcomes.lostMessageIds).toEqual([]);
  expect(r.outcomes.duplicatedMessageIds).toEqual([]);
  expect(r.lost).toBe(0);
  expect(r.duplicated).toBe(0);
  expect(r.outcomes.other).toBe(0);
  expect(r.outcomes.sharedCaseTags).toBe(0);
  expect(r.outcomes.overQuota).toBe(Math.max(0, quotaMails - FASTNETMON_QUOTA));
  expect(r.outcomes.acks).toBe(r.mailsSent - r.outcomes.overQuota);
  expect(r.sla.duplicated).toBe(0);
  expect(r.sla.casesWithout).toBe(0);
}
