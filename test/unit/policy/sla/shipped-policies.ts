import { fileURLToPath } from 'node:url';
import { loadPolicies } from '../../../../src/config/load-policies.js';
import type { Policy } from '../../../../src/policy/policy-schema.js';
import { computeTargets, type Pause, type TargetDue } from '../../../../src/policy/sla.js';

/** The policy files exactly as shipped in config/policies. */
export const shippedPoliciesDir = fileURLToPath(new URL('../../../../config/policies', import.meta.url));
export const shipped: ReadonlyMap<string, Policy> = loadPolicies(shippedPoliciesDir);

export function policy(id: string): Policy {
  const found = shipped.get(id);
  if (!found) throw new Error(`no shipped policy ${id}`);
  return found;
}

/** One hand-computed row: a case started at `at` and the due instants the shipped policy implies. */
export interface DueRow {
  why: string;
  plan: string;
  severity: string;
  at: string;
  due: Partial<Record<TargetDue['name'], string>>;
  warn?: Partial<Record<TargetDue['name'], string>>;
}

/** Targets keyed by name, as epoch ms (due, warnAt), for exact comparison with hand-written ISO strings. */
export function dueByName(
  policyId: string,
  plan: string,
  severity: string,
  at: string,
  pauses: Pause[] = [],
): Record<string, { due: number | null; warn: number | null; calendar: string }> {
  const out: Record<string, { due: number | null; warn: number | null; calendar: string }> = {};
  for (const t of computeTargets(policy(policyId), plan, severity, new Date(at), pauses)) {
    out[t.name] = { due: t.due?.getTime() ?? null, warn: t.warnAt?.getTime() ?? null, calendar: t.calendar };
  }
  return out;
}

export function ms(iso: string): number {
  const value = Date.parse(iso);
  if (Number.isNaN(value)) throw new Error(`bad ISO in test: ${iso}`);
  return value;
}

/** Compares every expected target of a row, and that no unexpected target exists. */
export function expectRow(
  policyId: string,
  row: DueRow,
  expect: (actual: unknown, message?: string) => { toEqual(v: unknown): void },
): void {
  const got = dueByName(policyId, row.plan, row.severity, row.at);
  const gotDue = Object.fromEntries(Object.entries(got).map(([name, v]) => [name, v.due]));
  const wantDue = Object.fromEntries(Object.entries(row.due).map(([name, iso]) => [name, ms(iso!)]));
  expect(gotDue, `${row.why}: due times`).toEqual(wantDue);
  for (const [name, iso] of Object.entries(row.warn ?? {})) {
    expect(got[name]?.warn, `${row.why}: ${name} warning`).toEqual(ms(iso!));
  }
}
