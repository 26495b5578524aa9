import { DateTime } from 'luxon';

/** A query that cannot be answered as asked (bad instant, missing field); exit code 2 on the CLI. */
export class SlaQueryError extends Error {
  override name = 'SlaQueryError';
}

/** Full ISO 8601 with an explicit offset: the platform parser is exact and much faster than luxon. */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/i;

/**
 * An instant of a query; without an offset it is wall time in `zone`. `what` names the value in
 * the error, e.g. `--at "tomorrow"`.
 */
export function parseInstant(text: string, zone: string, what: string): Date {
  if (ISO_WITH_OFFSET.test(text)) {
    const ms = Date.parse(text);
    if (Number.isFinite(ms)) return new Date(ms);
  }
  const parsed = DateTime.fromISO(text, { zone });
  if (!parsed.isValid) {
    throw new SlaQueryError(`${what} is not an ISO 8601 instant (e.g. 2026-11-24T14:00:00+01:00)`);
  }
  return parsed.toJSDate();
}
