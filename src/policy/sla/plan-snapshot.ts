import { z } from 'zod';
import { calendarNameSchema, calendarSchema, zoneSchema } from '../calendar/calendar-schema.js';
import { idSchema, planSchema, severitySchema } from '../plan-schema.js';
import type { Policy } from '../policy-schema.js';
import { UnknownIdError } from './unknown-id-error.js';

/**
 * The contract in force when a case was created, stored on the case: later policy edits (or the
 * customer's plan ending — Kolmisoft "priority does not expire") never change an open case. It
 * holds the whole plan (targets of every severity, so re-targeting stays inside the old contract),
 * the severity vocabulary and the calendars its targets use.
 */
export const planSnapshotSchema = z
  .object({
    snapshotVersion: z.literal(1),
    policyId: idSchema,
    timezone: zoneSchema,
    warningFraction: z.number().gt(0).lt(1),
    plan: planSchema,
    severities: z.array(severitySchema).min(1),
    /** Severity at the time of the snapshot (re-targeting may change the case's severity later). */
    severityId: idSchema,
    calendars: z.record(calendarNameSchema, calendarSchema),
  })
  .strict();

export type PlanSnapshot = z.output<typeof planSnapshotSchema>;

export function isPlanSnapshot(source: Policy | PlanSnapshot): source is PlanSnapshot {
  return 'snapshotVersion' in source;
}

export function findPlan(policy: Policy, planId: string): Policy['plans'][number] {
  const plan = policy.plans.find((p) => p.id === planId);
  if (!plan)
    throw new UnknownIdError(
      'plan',
      planId,
      policy.plans.map((p) => p.id),
      ` in policy ${JSON.stringify(policy.id)}`,
    );
  return plan;
}

export function checkSeverity(
  severities: ReadonlyArray<{ id: string }>,
  severityId: string,
  policyId: string,
): void {
  if (!severities.some((s) => s.id === severityId)) {
    throw new UnknownIdError(
      'severity',
      severityId,
      severities.map((s) => s.id),
      ` in policy ${JSON.stringify(policyId)}`,
    );
  }
}

/** Calendars the plan's targets name, plus the members of any union among them. */
function calendarsUsedBy(policy: Policy, names: Iterable<string>): Policy['calendars'] {
  const used: Policy['calendars'] = {};
  const pending = [...names];
  while (pending.length > 0) {
    const name = pending.pop()!;
    const def = policy.calendars[name];
    if (!def || used[name]) continue;
    used[name] = def;
    pending.push(...(def.union ?? []));
  }
  return used;
}

export function snapshotPlan(policy: Policy, planId: string, severityId: string): PlanSnapshot {
  const plan = findPlan(policy, planId);
  checkSeverity(policy.severities, severityId, policy.id);
  // A structured clone detaches the snapshot from the live policy object.
  return structuredClone({
    snapshotVersion: 1 as const,
    policyId: policy.id,
    timezone: policy.timezone,
    warningFraction: policy.warningFraction,
    plan,
    severities: policy.severities,
    severityId,
    calendars: calendarsUsedBy(
      policy,
      plan.targets.map((t) => t.calendar),
    ),
  });
}
