import type { Policy } from '../policy/policy-schema.js';
import { computeTargets, explainTargets, isoInZone, UnknownIdError } from '../policy/sla.js';
import { parseInstant, SlaQueryError } from './sla-instant.js';
import { parsePauseList, resolvePauses, type SlaPauseQuery } from './sla-pauses.js';

export { SlaQueryError };

export interface SlaQuery {
  policy: string;
  plan: string;
  severity: string;
  /** ISO 8601; without an offset it is read as wall time in the policy's zone. */
  at: string;
  /** Stretches of waiting on the customer after `at`; resolution clocks stop during them. */
  pauses?: SlaPauseQuery[];
}

export interface SlaAnswerTarget {
  name: string;
  calendar: string;
  due: string;
  steps?: string[];
}

export interface SlaAnswer {
  policy: string;
  plan: string;
  severity: string;
  at: string;
  targets: SlaAnswerTarget[];
}

export function parseSlaQuery(value: unknown): SlaQuery {
  const record = value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
  const missing = (['policy', 'plan', 'severity', 'at'] as const).filter(
    (k) => typeof record[k] !== 'string',
  );
  if (missing.length > 0) {
    throw new SlaQueryError(
      `missing ${missing.map((k) => `--${k}`).join(', ')} (in --batch: string fields ${missing.map((k) => JSON.stringify(k)).join(', ')})`,
    );
  }
  const pauses = parsePauseList(record.pauses);
  return {
    policy: String(record.policy),
    plan: String(record.plan),
    severity: String(record.severity),
    at: String(record.at),
    ...(pauses ? { pauses } : {}),
  };
}

/**
 * Answers one `sla` query: every target's due instant for a case started at `at` that waited on
 * the customer during `pauses`, in the policy's zone (seconds, plus milliseconds when there are
 * any). The same computeTargets the daemon schedules a case's jobs from. Throws UnknownIdError or
 * SlaQueryError.
 */
export function answerSlaQuery(
  policies: ReadonlyMap<string, Policy>,
  query: SlaQuery,
  explain: boolean,
): SlaAnswer {
  const policy = policies.get(query.policy);
  if (!policy) throw new UnknownIdError('policy', query.policy, [...policies.keys()]);
  const zone = policy.timezone;
  const startedAt = parseInstant(query.at, zone, `--at ${JSON.stringify(query.at)}`);
  const pauses = resolvePauses(query.pauses ?? [], zone, startedAt, query.at);
  const answer = (due: Date | null, name: string, calendar: string): SlaAnswerTarget => ({
    name,
    calendar,
    // Every pause asked about has ended, so no clock is stopped and a due time always exists.
    due: due === null ? '' : isoInZone(due.getTime(), zone, true),
  });
  const targets = explain
    ? explainTargets(policy, query.plan, query.severity, startedAt, pauses).map(({ target, steps }) => ({
        ...answer(target.due, target.name, target.calendar),
        steps,
      }))
    : computeTargets(policy, query.plan, query.severity, startedAt, pauses).map((t) =>
        answer(t.due, t.name, t.calendar),
      );
  return {
    policy: policy.id,
    plan: query.plan,
    severity: query.severity,
    at: isoInZone(startedAt.getTime(), zone, true),
    targets,
  };
}
