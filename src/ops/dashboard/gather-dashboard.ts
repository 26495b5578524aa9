import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import { QUEUE_NAMES, type Queues } from '../../pipeline/queues.js';
import { weeklyFirstResponse, weeksWindowStart } from '../../policy/report/weekly-attainment.js';
import { loadBreachesSince, loadOpenCases } from '../../store/dashboard-source.js';
import type { Db } from '../../store/db/database.js';
import { loadReportCases } from '../../store/sla-report-source.js';
import type { MailboxHealthRecord } from '../mailbox-health.js';
import { QUEUE_STATES } from '../state-gauges.js';
import type { DashboardData, QueueCounts } from './dashboard-data.js';

export const DASHBOARD_WEEKS = 12;
/** More rows than a person scans; the page says when it cut the list. */
export const DASHBOARD_MAX_OPEN_CASES = 500;

export interface DashboardSources {
  db: Db;
  queues: Queues;
  mailboxHealth: () => Promise<MailboxHealthRecord[]>;
  now: () => Date;
  logger: Logger;
}

async function queueCounts(queues: Queues): Promise<QueueCounts> {
  const entries = await Promise.all(
    QUEUE_NAMES.map(async (name) => [name, await queues[name].getJobCounts(...QUEUE_STATES)] as const),
  );
  return Object.fromEntries(entries) as QueueCounts;
}

/**
 * Reads what the dashboard shows, all at once. PostgreSQL is the page itself (a failure there
 * fails the request); Redis (queues, mailbox states) is shown as unreadable instead, because
 * the page is most wanted exactly when Redis is in trouble.
 */
export async function gatherDashboard(s: DashboardSources): Promise<DashboardData> {
  const now = s.now();
  // The month as the operators' clock shows it would need a zone per team; UTC keeps it one answer.
  const monthStart = DateTime.fromJSDate(now, { zone: 'utc' }).startOf('month').toJSDate();
  const softly = <T>(what: string, p: Promise<T>): Promise<T | null> =>
    p.catch((err: unknown) => {
      s.logger.warn({ err: err instanceof Error ? err.message : err }, `dashboard: ${what} not read`);
      return null;
    });
  const [open, breaches, reportCases, queues, mailboxes] = await Promise.all([
    loadOpenCases(s.db, DASHBOARD_MAX_OPEN_CASES),
    loadBreachesSince(s.db, monthStart),
    loadReportCases(s.db, { from: weeksWindowStart(now, DASHBOARD_WEEKS), to: now, by: 'policy' }),
    softly('queue counts', queueCounts(s.queues)),
    softly('mailbox states', s.mailboxHealth()),
  ]);
  return {
    now,
    openCases: open.rows,
    openCasesTruncated: open.total > open.rows.length,
    breachesThisMonth: breaches,
    monthStart,
    attainment: weeklyFirstResponse(reportCases, now, DASHBOARD_WEEKS),
    queues,
    mailboxes,
  };
}
