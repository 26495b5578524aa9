import { describe, expect, it } from 'vitest';
import {
  computeTargets,
  planSnapshotSchema,
  snapshotPlan,
  UnknownIdError,
} from '../../../../src/policy/sla.js';
import { policy } from './shipped-policies.js';

const at = new Date('2026-11-27T16:30:00+01:00');

describe('plan snapshot', () => {
  it('gives the same due times as the live policy and survives a JSON round trip', () => {
    const live = policy('perfana');
    const snapshot = snapshotPlan(live, 'enterprise', 'sev1');
    const stored = planSnapshotSchema.parse(JSON.parse(JSON.stringify(snapshot)));
    for (const severity of ['sev1', 'sev2', 'sev3', 'sev4']) {
      expect(computeTargets(stored, 'enterprise', severity, at)).toEqual(
        computeTargets(live, 'enterprise', severity, at),
      );
    }
  });

  it('carries only the plan, the severities and the calendars its targets use (with union members)', () => {
    const snapshot = snapshotPlan(policy('perfana'), 'enterprise', 'sev2');
    expect(snapshot.plan.id).toBe('enterprise');
    expect(snapshot.severityId).toBe('sev2');
    expect(snapshot.severities.map((s) => s.id)).toEqual(['sev1', 'sev2', 'sev3', 'sev4']);
    expect(Object.keys(snapshot.calendars).sort()).toEqual(['enterprise', 'office', 'weekend']);
  });

  it('keeps the old contract when the policy changes later (priority does not expire)', () => {
    const live = structuredClone(policy('kolmisoft'));
    const snapshot = snapshotPlan(live, 'premium', 'medium');
    const before = computeTargets(snapshot, 'premium', 'medium', at);
    // The operator shortens premium and removes the plan entirely afterwards.
    live.plans = live.plans.filter((p) => p.id !== 'premium');
    expect(computeTargets(snapshot, 'premium', 'medium', at)).toEqual(before);
    expect(() => computeTargets(live, 'premium', 'medium', at)).toThrow(UnknownIdError);
  });

  it('rejects another plan or an unknown severity with the valid ids', () => {
    const snapshot = snapshotPlan(policy('netop'), 'standard', 'low');
    expect(() => computeTargets(snapshot, 'gold', 'low', at)).toThrow(/valid plan ids: "standard"/);
    expect(() => computeTargets(snapshot, 'standard', 'urgent', at)).toThrow(
      /valid severity ids: "critical", "high", "medium", "low"/,
    );
    expect(() => snapshotPlan(policy('netop'), 'standard', 'urgent')).toThrow(UnknownIdError);
  });
});
