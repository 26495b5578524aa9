import type { z } from 'zod';
import { asArray, asRecord, idsOf } from './raw-input.js';

// References from the `rules:` section to the policy's severities and plans. Like the policy's
// own cross-checks it reads the raw input defensively, so it can run even when other parts of
// the file failed and every problem is reported at once.

export interface RulesReferenceProblem {
  path: PropertyKey[];
  /** What the key should hold, phrased for ConfigError ("one of ..."). */
  expected: string;
}

/** Every severity or plan id in the rules that the policy does not define. */
export function rulesReferenceProblems(rawPolicy: unknown): RulesReferenceProblem[] {
  const policy = asRecord(rawPolicy);
  const rules = asRecord(policy.rules);
  const severityIds = idsOf(policy.severities);
  const planIds = idsOf(policy.plans);
  const problems: RulesReferenceProblem[] = [];
  const check = (path: PropertyKey[], value: unknown, known: string[]): void => {
    if (typeof value !== 'string' || known.includes(value)) return;
    const expected =
      known.length === 0
        ? 'a defined id (none are defined)'
        : `one of ${known.map((k) => JSON.stringify(k)).join(', ')}`;
    problems.push({ path: ['rules', ...path], expected });
  };

  const severity = asRecord(rules.severity);
  check(['severity', 'default'], severity.default, severityIds);
  for (const listKey of ['subjectTags', 'impactRules'] as const) {
    asArray(severity[listKey]).forEach((rule, index) => {
      check(['severity', listKey, index, 'severity'], asRecord(rule).severity, severityIds);
    });
  }
  asArray(asRecord(rules.scope).exclusions).forEach((exclusion, index) => {
    asArray(asRecord(exclusion).includedInPlans).forEach((planId, planIndex) => {
      check(['scope', 'exclusions', index, 'includedInPlans', planIndex], planId, planIds);
    });
  });
  check(['eligibility', 'defaultPlan'], asRecord(rules.eligibility).defaultPlan, planIds);
  return problems;
}

/** For the policy schema's superRefine: reports every dangling rules reference as a zod issue. */
export function crossCheckRules(rawPolicy: unknown, ctx: z.RefinementCtx): void {
  for (const problem of rulesReferenceProblems(rawPolicy)) {
    ctx.addIssue({ code: 'custom', path: problem.path, message: problem.expected });
  }
}
