import { Queue, type QueueOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../store/keys.js';

export const QUEUE_NAMES = ['ingest', 'triage', 'notify', 'sla', 'webhook'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/**
 * Completed jobs are kept for a week: a job ID seen again in that window (a poller that
 * crashed between enqueue and move) is then a no-op instead of a second run.
 */
export const DEFAULT_JOB_OPTIONS: QueueOptions['defaultJobOptions'] = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

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
