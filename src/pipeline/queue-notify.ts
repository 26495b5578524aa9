import type { JobsOptions } from 'bullmq';
import type { Outbox } from '../store/outbox.js';
import type { NotifyJobData } from './job-types.js';
import type { Queues } from './queues.js';

/**
 * Breach alerts, mailbox alerts and relayed engineer answers. BullMQ serves jobs without a
 * priority before every prioritized one, so when the sending limit bites these go first.
 */
export const URGENT = 'urgent' as const;
export type NotifyOrder = number | typeof URGENT;

/** What the outbox keeps of a queued mail so the reconcile step can queue it again. */
export interface StoredNotifyJob {
  data: NotifyJobData;
  order: NotifyOrder;
}

/** The job ID is the Message-ID: the same mail asked for twice is one job. */
export function notifyJobOptions(messageId: string, order: NotifyOrder): JobsOptions {
  return {
    jobId: `notify-${messageId.replace(/[<>:]/g, '')}`,
    // Under load, the policy's order (Kolmisoft: plan, then priority) decides who hears first;
    // routine mail is prioritized (1 + the order) so that URGENT mail can overtake it.
    ...(order === URGENT ? {} : { priority: 1 + order }),
  };
}

/**
 * Asks for one mail: the outbox entry first (it outlives Redis), then the job. A crash between
 * the two leaves an entry the reconcile step queues.
 */
export async function queueNotify(
  t: { outbox: Outbox; queues: Pick<Queues, 'notify'> },
  job: NotifyJobData,
  order: NotifyOrder = 0,
): Promise<void> {
  const stored: StoredNotifyJob = { data: job, order };
  await t.outbox.queue(
    job.messageId,
    { template: job.template, to: job.to.join(','), subject: job.subject, caseId: job.caseId ?? '' },
    stored,
  );
  await t.queues.notify.add(job.template, job, notifyJobOptions(job.messageId, order));
}
