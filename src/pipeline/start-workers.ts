import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { z } from 'zod';
import { smtpRateLimit } from '../mail/auth/sign-ins.js';
import { mailOutcome } from '../ops/mail-outcome.js';
import type { Services } from '../services.js';
import { createRedis } from '../store/redis-connection.js';
import { handleGivenUpJob } from './given-up-jobs.js';
import { processIngest } from './ingest-stage.js';
import { JOB_SCHEMAS, type JobDataOf } from './job-schemas.js';
import { processNotify } from './notify-stage.js';
import { cappedBackoff, type QueueName, STALLS_BEFORE_GIVING_UP } from './queues.js';
import { processSla } from './sla-stage.js';
import { timedStage } from './timed-stage.js';
import { processTriage } from './triage-stage.js';
import { processWebhook } from './webhook-stage.js';

type Processor<Q extends QueueName> = (job: Job<JobDataOf[Q]>, s: Services) => Promise<string>;

const PROCESSORS: { [Q in QueueName]: Processor<Q> } = {
  ingest: processIngest,
  triage: processTriage,
  notify: processNotify,
  sla: processSla,
  webhook: (job) => processWebhook(job),
};

/**
 * The job's payload checked against its queue's schema before the stage sees it. An invalid
 * payload cannot become valid by retrying: it fails once (UnrecoverableError) and is counted.
 */
function checkedProcessor<Q extends QueueName>(
  queue: Q,
  s: Services,
): (job: Job<JobDataOf[Q]>) => Promise<string> {
  const schema = JOB_SCHEMAS[queue];
  const processor = PROCESSORS[queue];
  return async (job) => {
    const parsed = schema.safeParse(job.data);
    if (!parsed.success) {
      s.metrics.jobsInvalid.inc({ queue });
      throw new UnrecoverableError(`invalid ${queue} job payload: ${z.prettifyError(parsed.error)}`);
    }
    job.data = parsed.data;
    const result = await timedStage(s, queue, () => processor(job, s));
    countMail(s, queue, job.data, result);
    return result;
  };
}

/** A mail finished in ingest or triage: count it once, by its mailbox's policy and outcome. */
function countMail(s: Services, queue: QueueName, data: JobDataOf[QueueName], result: string): void {
  if ((queue !== 'ingest' && queue !== 'triage') || !('mail' in data)) return;
  const outcome = mailOutcome(queue, result);
  if (outcome) s.metrics.mails.inc({ policy: data.policy, outcome });
}

/**
 * One BullMQ worker per stage. Each has its own blocking connection (BullMQ requires it);
 * close() lets jobs in flight finish, and anything not finished is handed back by BullMQ's
 * stalled-job check to whichever worker runs next.
 */
export function startWorkers(s: Services): { close(): Promise<void> } {
  const names = Object.keys(PROCESSORS) as QueueName[];
  const connections = names.map((name) =>
    createRedis(s.config.redis.url, `${s.config.instance}:worker:${name}`),
  );
  const limit = smtpRateLimit(s.config.smtp);
  const workers = names.map(<Q extends QueueName>(name: Q, i: number) => {
    const worker = new Worker<JobDataOf[Q]>(name, checkedProcessor(name, s), {
      connection: connections[i]!,
      prefix: s.keys.queuePrefix,
      concurrency: s.config.worker.concurrency,
      lockDuration: s.config.worker.jobLockMs,
      settings: { backoffStrategy: cappedBackoff },
      stalledInterval: Math.max(1000, Math.floor(s.config.worker.jobLockMs / 2)),
      // A job in flight when a process dies stalls; BullMQ's default (1) fails it, unretried,
      // the second time, so two crashes in a row lost an acknowledgement (fault trial
      // daemon-kills).
      maxStalledCount: STALLS_BEFORE_GIVING_UP[name],
      // The SMTP account's sending limit holds across every worker process (BullMQ's limiter).
      ...(name === 'notify' && limit ? { limiter: limit } : {}),
    });
    worker.on('failed', (job, err) => {
      s.logger.warn(
        { queue: name, jobId: job?.id, attempt: job?.attemptsMade, err: err.message },
        'job attempt failed',
      );
      if (job === undefined) return;
      // 'failed' fires for every attempt; only a job now in the failed set is given up.
      job
        .getState()
        .then((state) => (state === 'failed' ? handleGivenUpJob(s, name, job, err) : undefined))
        .catch((e: unknown) =>
          s.logger.error(
            { queue: name, jobId: job.id, err: e instanceof Error ? e.message : e },
            'could not record a given-up job',
          ),
        );
    });
    worker.on('error', (err) => s.logger.error({ queue: name, err: err.message }, 'worker error'));
    return worker;
  });
  s.logger.info({ queues: names, concurrency: s.config.worker.concurrency }, 'pipeline workers started');
  return {
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await Promise.all(connections.map((c) => c.quit()));
    },
  };
}
