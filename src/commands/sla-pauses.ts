import type { Pause } from '../policy/sla.js';
import { parseInstant, SlaQueryError } from './sla-instant.js';

/** One stretch of waiting on the customer as asked: two ISO 8601 instants, read in the policy zone. */
export interface SlaPauseQuery {
  from: string;
  to: string;
}

const EXAMPLE = '2026-11-24T10:00:00+01:00/2026-11-25T09:00:00+01:00';

/** `--pause FROM/TO` → {from, to}; both ends are required (a case still waiting has no due time). */
export function parsePauseOption(text: string): SlaPauseQuery {
  const parts = text.split('/');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') {
    throw new SlaQueryError(
      `--pause ${JSON.stringify(text)} is not FROM/TO: two ISO 8601 instants joined by "/", e.g. ${EXAMPLE}`,
    );
  }
  return { from: parts[0]!, to: parts[1]! };
}

/** The `"pauses"` field of a --batch line: absent, or a list of {"from": ISO, "to": ISO}. */
export function parsePauseList(value: unknown): SlaPauseQuery[] | undefined {
  if (value === undefined) return undefined;
  const bad = (detail: string): SlaQueryError =>
    new SlaQueryError(`"pauses" must be a list of {"from": ISO, "to": ISO}; ${detail}`);
  if (!Array.isArray(value)) throw bad(`got ${JSON.stringify(value)}`);
  return value.map((item: unknown, i) => {
    const record = item !== null && typeof item === 'object' ? (item as Record<string, unknown>) : {};
    if (typeof record.from !== 'string' || typeof record.to !== 'string') {
      throw bad(`item ${i} is ${JSON.stringify(item)}`);
    }
    return { from: record.from, to: record.to };
  });
}

/**
 * Pauses as instants, checked against the case start: each must end no earlier than it starts
 * and start no earlier than the case. Overlaps and closed hours are fine (the core handles them).
 */
export function resolvePauses(
  pauses: readonly SlaPauseQuery[],
  zone: string,
  startedAt: Date,
  atText: string,
): Pause[] {
  return pauses.map(({ from, to }) => {
    const what = `pause ${JSON.stringify(`${from}/${to}`)}`;
    const fromAt = parseInstant(from, zone, `${what}: ${JSON.stringify(from)}`);
    const toAt = parseInstant(to, zone, `${what}: ${JSON.stringify(to)}`);
    if (toAt.getTime() < fromAt.getTime()) throw new SlaQueryError(`${what} ends before it starts`);
    if (fromAt.getTime() < startedAt.getTime()) {
      throw new SlaQueryError(`${what} starts before the case (--at ${atText})`);
    }
    return { from: fromAt, to: toAt };
  });
}
