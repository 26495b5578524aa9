import { DateTime } from 'luxon';
import type { Policy } from '../policy/policy-schema.js';
import { computeTargets, explainTargets, isoInZone, UnknownIdError } from '../policy/sla.js';

export interface SlaQuery {
  policy: string;
  plan: string;
  severity: string;
  /** ISO 8601; without an offset it is read as wall time in the policy's zone. */
  at: string;
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

/** A query that cannot be answered as asked (bad instant, missing field); exit code 2 on the CLI. */
export class SlaQueryError extends Error {
  override name = 'SlaQueryError';
}

/** Full ISO 8601 with an explicit offset: the platform parser is exact and much faster than luxon. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

function parseInstant(at: string, zone: string): Date {
  if (ISO_WITH_OFFSET.test(at)) {
    const ms = Date.parse(at);
    if (Number.isFinite(ms)) return new Date(ms);
  }
  const parsed = DateTime.fromISO(at, { zone });
  if (!parsed.isValid) {
    throw new SlaQueryError(
      `--at ${JSON.stringify(at)} is not an ISO 8601 instant (e.g. 2026-11-24T14:00:00+01:00)`,
    );
  }
  return parsed.toJSDate();
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
  return {
    policy: String(record.policy),
    plan: String(record.plan),
    severity: String(record.severity),
    at: String(record.at),
  };
}

/**
 * Answers one `sla` query: every target's due instant for a case started at `at` (no pauses), in
 * the policy's zone at seconds precision. Throws UnknownIdError or SlaQueryError.
 */
export function answerSlaQuery(
  policies: ReadonlyMap<string, Policy>,
  query: SlaQuery,
  explain: boolean,
): SlaAnswer {
  const policy = policies.get(query.policy);
  if (!policy) throw new UnknownIdError('policy', query.policy, [...policies.keys()]);
  const startedAt = parseInstant(query.at, policy.timezone);
  const zone = policy.timezone;
  const answer = (due: Date | null, name: string, calendar: string): SlaAnswerTarget => ({
    name,
    calendar,
    // Without pauses no clock is ever stopped, so a due time always exists here.
    due: due === null ? '' : isoInZone(due.getTime(), zone),
  });
  const targets = explain
    ? explainTargets(policy, query.plan, query.severity, startedAt).map(({ target, steps }) => ({
        ...answer(target.due, target.name, target.calendar),
        steps,
      }))
    : computeTargets(policy, query.plan, query.severity, startedAt).map((t) =>
        answer(t.due, t.name, t.calendar),
      );
  return {
    policy: policy.id,
    plan: query.plan,
    severity: query.severity,
    at: isoInZone(startedAt.getTime(), zone),
    targets,
  };
}
