import { type Job, Worker } from 'bullmq';
import type { Services } from '../services.js';
import { createRedis } from '../store/redis-connection.js';
import { processIngest } from './ingest-stage.js';
import { processNotify } from './notify-stage.js';
import { cappedBackoff, type QueueName } from './queues.js';
import { processSla } from './sla-stage.js';
import { processTriage } from './triage-stage.js';
import { processWebhook } from './webhook-stage.js';

type Processor = (job: Job, s: Services) => Promise<string>;

const PROCESSORS: Partial<Record<QueueName, Processor>> = {
  ingest: processIngest,
  triage: processTriage,
  notify: processNotify,
  sla: processSla,
  webhook: (job) => processWebhook(job),
};

/**
 * One BullMQ worker per stage. Each has its own blocking connection (BullMQ requires it);
 * close() lets jobs in flight finish, and anything not finished is handed back by BullMQ's
 * stalled-job check to whichever worker runs next.
 */
export function startWorkers(s: Services): { close(): Promise<void> } {
  const connections = Object.keys(PROCESSORS).map((name) =>
    createRedis(s.config.redis.url, `${s.config.instance}:worker:${name}`),
  );
  const workers = Object.entries(PROCESSORS).map(([name, processor], i) => {
    const worker = new Worker(name, (job) => processor(job, s), {
      connection: connections[i]!,
      prefix: s.keys.queuePrefix,
      concurrency: s.config.worker.concurrency,
      lockDuration: s.config.worker.jobLockMs,
      settings: { backoffStrategy: cappedBackoff },
      stalledInterval: Math.max(1000, Math.floor(s.config.worker.jobLockMs / 2)),
    });
    worker.on('failed', (job, err) =>
      s.logger.error(
        { queue: name, jobId: job?.id, attempt: job?.attemptsMade, err: err.message },
        'job failed',
      ),
    );
    worker.on('error', (err) => s.logger.error({ queue: name, err: err.message }, 'worker error'));
    return worker;
  });
  s.logger.info(
    { queues: Object.keys(PROCESSORS), concurrency: s.config.worker.concurrency },
    'pipeline workers started',
  );
  return {
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(connections.map((c) => c.quit()));
    },
  };
}
