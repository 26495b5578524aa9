import type { z } from 'zod';
import { asArray, asRecord, idsOf } from './raw-input.js';
import { crossCheckRules } from './rules-cross-checks.js';

// Runs even when other parts of the file failed (so every problem is reported at once), hence it
// reads the raw input defensively instead of trusting the parsed type.

type Report = (path: PropertyKey[], message: string) => void;

function oneOf(ids: string[]): string {
  return ids.length === 0
    ? 'a defined id (none are defined)'
    : `one of ${ids.map((i) => JSON.stringify(i)).join(', ')}`;
}

function checkKnown(report: Report, path: PropertyKey[], value: unknown, known: string[]): void {
  if (typeof value === 'string' && !known.includes(value)) report(path, oneOf(known));
}

function checkUniqueIds(report: Report, key: string, list: unknown): void {
  const seen = new Set<string>();
  asArray(list).forEach((item, i) => {
    const id = asRecord(item).id;
    if (typeof id !== 'string') return;
    if (seen.has(id)) report([key, i, 'id'], `an id not used before in ${key}`);
    seen.add(id);
  });
}

function checkUnions(report: Report, calendars: Record<string, unknown>, policyZone: unknown): void {
  const names = Object.keys(calendars);
  const zoneOf = (name: string): unknown => asRecord(calendars[name]).timezone ?? policyZone;
  const membersOf = (name: string): string[] =>
    asArray(asRecord(calendars[name]).union).filter((m): m is string => typeof m === 'string');

  for (const name of names) {
    asArray(asRecord(calendars[name]).union).forEach((member, i) => {
      const path = ['calendars', name, 'union', i];
      if (typeof member !== 'string') return;
      if (!names.includes(member)) report(path, oneOf(names.filter((n) => n !== name)));
      else if (member === name) report(path, 'another calendar (a union cannot contain itself)');
      else if (zoneOf(member) !== zoneOf(name))
        report(path, `a calendar in the union's time zone ${String(zoneOf(name))}`);
    });
    // A cycle through other unions would never finish compiling.
    const stack = [...membersOf(name)];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const next = stack.pop()!;
      if (next === name) {
        report(['calendars', name, 'union'], 'a union that does not contain itself through other unions');
        break;
      }
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...membersOf(next));
    }
  }
}

function checkTargets(report: Report, plans: unknown, severityIds: string[], calendarNames: string[]): void {
  asArray(plans).forEach((plan, p) => {
    const seen = new Set<string>();
    asArray(asRecord(plan).targets).forEach((rule, t) => {
      const r = asRecord(rule);
      checkKnown(report, ['plans', p, 'targets', t, 'severity'], r.severity, severityIds);
      checkKnown(report, ['plans', p, 'targets', t, 'calendar'], r.calendar, calendarNames);
      const key = `${String(r.severity)}/${String(r.target)}`;
      if (seen.has(key)) {
        report(
          ['plans', p, 'targets', t],
          `one ${String(r.target)} target per severity (${String(r.severity)} has two)`,
        );
      }
      seen.add(key);
    });
  });
}

/** Cross-references between sections: names a target, union, phone rule or escalation refers to. */
export function crossCheckPolicy(raw: unknown, ctx: z.RefinementCtx): void {
  const report: Report = (path, message) => ctx.addIssue({ code: 'custom', path, message });
  const policy = asRecord(raw);
  const calendars = asRecord(policy.calendars);
  const calendarNames = Object.keys(calendars);
  const severityIds = idsOf(policy.severities);
  const planIds = idsOf(policy.plans);

  checkUniqueIds(report, 'severities', policy.severities);
  checkUniqueIds(report, 'plans', policy.plans);
  checkUnions(report, calendars, policy.timezone);
  checkTargets(report, policy.plans, severityIds, calendarNames);
  // Rules name plans and severities too (subject tags, impact rules, scope plans).
  crossCheckRules(raw, ctx);

  asArray(asRecord(policy.phone).inAck).forEach((rule, i) => {
    checkKnown(report, ['phone', 'inAck', i, 'plan'], asRecord(rule).plan, planIds);
    checkKnown(report, ['phone', 'inAck', i, 'severity'], asRecord(rule).severity, severityIds);
  });

  const breaches = new Set<unknown>();
  asArray(policy.escalations).forEach((e, i) => {
    const onBreach = asRecord(e).onBreach;
    if (breaches.has(onBreach)) report(['escalations', i, 'onBreach'], 'one escalation per target');
    breaches.add(onBreach);
  });
}
