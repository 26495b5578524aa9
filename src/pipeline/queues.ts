import { Queue, type QueueOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../store/keys.js';

export const QUEUE_NAMES = ['ingest', 'triage', 'notify', 'sla', 'webhook'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/**
 * Completed jobs are kept for a week: a job ID seen again in that window (a poller that
 * crashed between enqueue and move) is then a no-op instead of a second run.
 * Retries back off exponentially up to five minutes apart; 25 attempts ride out about an hour
 * and a half of SMTP or Redis trouble before a job is given up (and logged, and counted).
 */
export const DEFAULT_JOB_OPTIONS: QueueOptions['defaultJobOptions'] = {
  attempts: 25,
  backoff: { type: 'capped' },
  removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export const MAX_RETRY_DELAY_MS = 300_000;

/** Delay before retry number `attemptsMade`: 1 s, 2 s, 4 s … capped at five minutes. */
export function cappedBackoff(attemptsMade: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attemptsMade - 1), MAX_RETRY_DELAY_MS);
}

export type Queues = Record<QueueName, Queue>;

export function createQueues(connection: Redis, keys: RedisKeys): Queues {
  const make = (name: QueueName): Queue =>
    new Queue(name, { connection, prefix: keys.queuePrefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
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
