import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Db } from './db/database.js';
import type { RedisKeys } from './keys.js';

/** How long rows that only grow are kept (config `retention`); 0 days keeps them forever. */
export interface RetentionSettings {
  /** Entries of the mail log (robots, declines, quarantine) older than this go. */
  mailLogDays: number;
  /** Outbox entries of mails sent longer ago than this go; pending ones always stay. */
  sentOutboxDays: number;
  /** Intake records of mails whose pipeline ended longer ago than this go; open ones always stay. */
  closedIntakeDays: number;
  /** Rows deleted per statement: each delete is a short transaction that never locks a table. */
  batchRows: number;
  /** How often one process of the deployment prunes. */
  intervalMinutes: number;
}

export interface RetentionCutoffs {
  /** Mail log entries logged before this go; undefined: kept forever. */
  mailLogBefore: Date | undefined;
  /** Sent outbox entries sent before this go; undefined: kept forever. */
  sentOutboxBefore: Date | undefined;
  /** Closed intake records closed before this go; undefined: kept forever. */
  closedIntakeBefore: Date | undefined;
}

const DAY_MS = 24 * 3600_000;

/** The instants before which rows go, `now` minus each period (whole days of 24 hours). */
export function retentionCutoffs(settings: RetentionSettings, now: Date): RetentionCutoffs {
  const before = (days: number): Date | undefined =>
    days > 0 ? new Date(now.getTime() - days * DAY_MS) : undefined;
  return {
    mailLogBefore: before(settings.mailLogDays),
    sentOutboxBefore: before(settings.sentOutboxDays),
    closedIntakeBefore: before(settings.closedIntakeDays),
  };
}

export interface PruneReport {
  mailLog: number;
  sentOutbox: number;
  closedIntake: number;
}

/**
 * Deletes mail log entries, sent outbox entries and closed intake records older than their cutoffs, `batchRows` at a
 * time until none is left (or `stopped()` says so). Only outbox rows in state `sent` go: a
 * pending entry is a mail that may still be sent, and must keep saying so.
 */
export async function pruneOnce(
  db: Db,
  settings: RetentionSettings,
  now: Date,
  stopped: () => boolean = () => false,
): Promise<PruneReport> {
  const { mailLogBefore, sentOutboxBefore, closedIntakeBefore } = retentionCutoffs(settings, now);
  const report: PruneReport = { mailLog: 0, sentOutbox: 0, closedIntake: 0 };
  const limit = settings.batchRows;
  if (mailLogBefore) {
    // The subquery walks the `at` index; ids make each batch an exact set of rows.
    report.mailLog = await inBatches(limit, stopped, async () => {
      const result = await db
        .deleteFrom('mail_log')
        .where('id', 'in', (eb) =>
          eb.selectFrom('mail_log').select('id').where('at', '<', mailLogBefore).limit(limit),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }
  if (sentOutboxBefore) {
    report.sentOutbox = await inBatches(limit, stopped, async () => {
      const result = await db
        .deleteFrom('outbox')
        .where('message_id', 'in', (eb) =>
          eb
            .selectFrom('outbox')
            .select('message_id')
            .where('state', '=', 'sent')
            .where('sent_at', '<', sentOutboxBefore)
            .limit(limit),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }
  if (closedIntakeBefore) {
    // An open record is a mail still owed an outcome: only closed ones go.
    report.closedIntake = await inBatches(limit, stopped, async () => {
      const result = await db
        .deleteFrom('intake')
        .where('job_id', 'in', (eb) =>
          eb
            .selectFrom('intake')
            .select('job_id')
            .where('state', '=', 'done')
            .where('finished_at', '<', closedIntakeBefore)
            .limit(limit),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    });
  }
  return report;
}

async function inBatches(
  limit: number,
  stopped: () => boolean,
  batch: () => Promise<number>,
): Promise<number> {
  let total = 0;
  while (!stopped()) {
    const deleted = await batch();
    total += deleted;
    if (deleted < limit) break;
  }
  return total;
}

export interface RetentionDeps {
  db: Db;
  redis: Redis;
  keys: RedisKeys;
  settings: RetentionSettings;
  now: () => Date;
  logger: Logger;
}

/**
 * Prunes when this process wins the round: the lease is taken for one interval and never
 * released, so across all processes sharing the Redis prefix one run happens per interval.
 * Returns undefined when another process has the round.
 */
export async function pruneIfOurTurn(
  deps: RetentionDeps,
  stopped?: () => boolean,
): Promise<PruneReport | undefined> {
  const won = await deps.redis.set(
    deps.keys.retentionLease(),
    String(process.pid),
    'PX',
    deps.settings.intervalMinutes * 60_000,
    'NX',
  );
  if (won !== 'OK') return undefined;
  return pruneOnce(deps.db, deps.settings, deps.now(), stopped);
}

/** Prunes at start-up and then every `intervalMinutes`; `stop()` ends a run between batches. */
export function startRetention(deps: RetentionDeps): { stop(): Promise<void> } {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const round = (): void => {
    running = pruneIfOurTurn(deps, () => stopped).then(
      (report) => {
        if (report && report.mailLog + report.sentOutbox > 0)
          deps.logger.info(report, 'retention: old mail log and sent outbox entries deleted');
      },
      (err: unknown) =>
        deps.logger.warn({ err: err instanceof Error ? err.message : err }, 'retention: pruning failed'),
    );
  };
  round();
  const timer = setInterval(round, deps.settings.intervalMinutes * 60_000);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
