import type { TargetRule } from '../../../../src/policy/plan-schema.js';
import type { Policy } from '../../../../src/policy/policy-schema.js';
import { shipped } from './shipped-policies.js';

// Only Netop's plans promise resolution times, and only resolution clocks stop while a case waits
// on the customer. These copies of the shipped policies add a resolution1 target on every other
// calendar, so pauses can be checked on each calendar and zone (London, Vilnius, Amsterdam).
const extraTargets: Record<string, { plan: string; rules: Omit<TargetRule, 'target' | 'unit'>[] }> = {
  fastnetmon: { plan: 'advanced', rules: [{ severity: 'normal', amount: 14, calendar: 'support' }] },
  kolmisoft: {
    plan: 'enterprise',
    rules: [
      { severity: 'blocker', amount: 24, calendar: 'emergency' },
      { severity: 'medium', amount: 18, calendar: 'working' },
    ],
  },
  perfana: {
    plan: 'enterprise',
    rules: [
      { severity: 'sev1', amount: 48, calendar: 'weekend' },
      { severity: 'sev2', amount: 12, calendar: 'enterprise' },
      { severity: 'sev3', amount: 9, calendar: 'office' },
    ],
  },
};

function withExtraTargets(policy: Policy): Policy {
  const extra = extraTargets[policy.id];
  if (!extra) return policy;
  const copy = structuredClone(policy);
  const plan = copy.plans.find((p) => p.id === extra.plan)!;
  for (const rule of extra.rules) plan.targets.push({ ...rule, target: 'resolution1', unit: 'hours' });
  return copy;
}

/** The shipped policies, each calendar with a resolution target (hours) on the plan named above. */
export const everyCalendar: ReadonlyMap<string, Policy> = new Map(
  [...shipped].map(([id, policy]) => [id, withExtraTargets(policy)]),
);
