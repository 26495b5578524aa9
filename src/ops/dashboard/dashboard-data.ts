import type { QueueName } from '../../pipeline/queues.js';
import type { MailboxHealthRecord } from '../mailbox-health.js';

/** How close an open case is to its next due time. */
export type Urgency = 'overdue' | 'warning' | 'ok' | 'none';

/** One open case as the dashboard lists it. */
export interface OpenCaseRow {
  id: string;
  customer: string;
  policy: string;
  severity: string;
  status: string;
  subject: string;
  /** The target due next (unmet, not paused), or null when none is running. */
  nextTarget: string | null;
  due: Date | null;
  warnAt: Date | null;
}

/** A breach recorded this month. */
export interface BreachRow {
  caseId: string;
  policy: string;
  customer: string;
  target: string;
  breachedAt: Date;
}

/** First-response attainment of one policy in one week (null: nothing decided that week). */
export interface WeeklyAttainment {
  policy: string;
  /** Monday of each week (UTC), oldest first; the same weeks for every policy. */
  weeks: { start: Date; attainment: number | null; decided: number }[];
}

export type QueueCounts = Record<QueueName, Record<string, number>>;

/** Everything the page shows, gathered at one instant. */
export interface DashboardData {
  now: Date;
  openCases: OpenCaseRow[];
  /** True when there were more open cases than the page lists. */
  openCasesTruncated: boolean;
  breachesThisMonth: BreachRow[];
  monthStart: Date;
  attainment: WeeklyAttainment[];
  queues: QueueCounts | null;
  mailboxes: MailboxHealthRecord[] | null;
}
