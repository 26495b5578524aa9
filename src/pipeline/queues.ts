import { Queue, type QueueOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../store/keys.js';
import type { JobDataOf } from './job-schemas.js';
import type { ReplayMark } from './replay-mark.js';

export const QUEUE_NAMES = ['ingest', 'triage', 'notify', 'sla', 'webhook'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/**
 * Retention is bounded by age and count: a completed job ID seen again soon after (a poller
 * that crashed between enqueue and move) is a no-op instead of a second run, and no queue grows
 * without limit. Retries back off exponentially up to five minutes apart.
 *
 * Mail stages (ingest, triage) get three attempts: a mail that fails a stage three times is
 * quarantined with the error (see given-up-jobs.ts) instead of holding a worker for an hour.
 * Outgoing mail, SLA checks and webhooks get 25 attempts, about an hour and a half of SMTP or
 * Redis trouble; a permanent SMTP refusal is not retried at all (UnrecoverableError).
 */
const RETAIN = {
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 10_000 },
};

export const JOB_ATTEMPTS: Record<QueueName, number> = {
  ingest: 3,
  triage: 3,
  notify: 25,
  sla: 25,
  webhook: 25,
};

/**
 * How many times a job may be caught in flight by a process that died before it is given up.
 * A stalled job is handed back only once its lock has expired, so when the process is killed
 * again and again (an OOM loop, a host restarting services) the same jobs are caught each
 * time: with three, twenty SIGKILLs during a 1,000-mail intake quarantined 19 good mails (fault
 * trial daemon-sigkills). Ten still ends a loop that one mail causes, after ten crashes.
 */
export const STALLS_BEFORE_GIVING_UP: Record<QueueName, number> = {
  ingest: 10,
  triage: 10,
  notify: 25,
  sla: 25,
  webhook: 25,
};

function jobOptions(name: QueueName): QueueOptions['defaultJobOptions'] {
  return { attempts: JOB_ATTEMPTS[name], backoff: { type: 'capped' }, ...RETAIN };
}

/**
 * A mail from a mailbox is kept out of the queue a second time by its intake record in
 * PostgreSQL (closed once handled: PgIntake.recordAll), not by a retained job, so its ingest
 * job is deleted when it completes: keeping and trimming completed jobs cost five Redis
 * commands a mail. A replay's job is kept: `replay` reads its result.
 */
export function ingestJobOptions(
  jobId: string,
  replay?: ReplayMark,
): { jobId: string; removeOnComplete?: true } {
  return replay ? { jobId } : { jobId, removeOnComplete: true };
}

export const MAX_RETRY_DELAY_MS = 300_000;

/** Delay before retry number `attemptsMade`: 1 s, 2 s, 4 s … capped at five minutes. */
export function cappedBackoff(attemptsMade: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attemptsMade - 1), MAX_RETRY_DELAY_MS);
}

/** Each queue typed with its payload (schemas in job-schemas.ts). */
export type Queues = { [Q in QueueName]: Queue<JobDataOf[Q]> };

export function createQueues(connection: Redis, keys: RedisKeys, onError: (err: Error) => void): Queues {
  const make = <Q extends QueueName>(name: Q): Queue<JobDataOf[Q]> => {
    const queue = new Queue<JobDataOf[Q]>(name, {
      connection,
      prefix: keys.queuePrefix,
      defaultJobOptions: jobOptions(name),
    });
    // Without a listener an 'error' event (Redis down, an error reply) would end the process.
    queue.on('error', onError);
    return queue;
  };
  return {
    ingest: make('ingest'),
    triage: make('triage'),
    notify: make('notify'),
    sla: make('sla'),
    webhook: make('webhook'),
  };
}

export async function closeQueues(queues: Queues): Promise<void> {
  await Promise.all(Object.values(queues).map((q) => q.close()));
}
