import { DateTime } from 'luxon';
import { REPORT_GROUPINGS, type ReportGrouping, type SlaReportQuery } from '../policy/report/sla-report.js';

export const REPORT_FORMATS = ['table', 'csv', 'json'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export class ReportQueryError extends Error {}

/**
 * A day (YYYY-MM-DD, UTC) or an ISO instant. A day as `to` includes that whole day, so
 * `--from 2026-11-01 --to 2026-11-30` is November.
 */
function parseBound(name: string, text: string | undefined, end: boolean): Date {
  if (text === undefined || text === '')
    throw new ReportQueryError(`${name} is required (YYYY-MM-DD or an ISO instant)`);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const day = DateTime.fromISO(text, { zone: 'UTC' });
    if (!day.isValid) throw new ReportQueryError(`${name}: ${JSON.stringify(text)} is not a date`);
    return (end ? day.plus({ days: 1 }) : day).toJSDate();
  }
  const instant = DateTime.fromISO(text, { setZone: true });
  if (!instant.isValid || !/[Zz]|[+-]\d{2}:?\d{2}$/.test(text)) {
    throw new ReportQueryError(
      `${name}: ${JSON.stringify(text)} is neither YYYY-MM-DD nor an ISO instant with an offset`,
    );
  }
  return instant.toJSDate();
}

export function parseSlaReportQuery(raw: {
  from?: string | undefined;
  to?: string | undefined;
  policy?: string | undefined;
  by?: string | undefined;
}): SlaReportQuery {
  const from = parseBound('from', raw.from, false);
  const to = parseBound('to', raw.to, true);
  if (to.getTime() <= from.getTime()) throw new ReportQueryError('to must be after from');
  const by = raw.by ?? 'policy';
  if (!(REPORT_GROUPINGS as readonly string[]).includes(by)) {
    throw new ReportQueryError(`by: ${JSON.stringify(by)} is not one of ${REPORT_GROUPINGS.join(', ')}`);
  }
  return { from, to, by: by as ReportGrouping, ...(raw.policy ? { policy: raw.policy } : {}) };
}
