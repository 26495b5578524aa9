import { smtpRateLimit } from '../mail/auth/sign-ins.js';
import type { Services } from '../services.js';
import type { NotifyJobData } from './job-types.js';
import { type SendAttempt, sendOutboxMail } from './notify-stage.js';
import { type NotifyOrder, notifyJobOptions } from './queue-notify.js';
import { timedStage } from './timed-stage.js';

/**
 * A mail already in the outbox, sent by the job that asked for it instead of by a notify job of
 * its own: a queue hop costs about fifty Redis commands and a worker round trip, and the
 * customer waits for it. A send that fails is handed to the notify queue, whose retries,
 * backoff and giving up are those of every other mail. True when the mail has left (now or
 * before), false when it was queued.
 *
 * When the SMTP account has a sending limit, every mail goes through the notify queue: BullMQ's
 * limiter holds the limit across worker processes, and the queue's order (the policy's, URGENT
 * first) decides who hears first while the limit bites.
 */
export async function sendNowOrQueue(
  s: Services,
  job: NotifyJobData,
  order: NotifyOrder,
  attempt: SendAttempt,
): Promise<boolean> {
  if (sendsAtOnce(s)) {
    try {
      await timedStage(s, 'notify', () => sendOutboxMail(s, job, attempt));
      return true;
    } catch (err) {
      s.logger.warn(
        { messageId: job.messageId, caseId: job.caseId, err: err instanceof Error ? err.message : err },
        'mail not sent at once: handed to the notify queue',
      );
      // Ours no longer, whatever failed (a render error comes before SMTP): the notify job
      // claims it under its own name.
      await s.outbox.release(job.messageId, attempt.owner);
    }
  }
  await s.queues.notify.add(job.template, job, notifyJobOptions(job.messageId, order));
  return false;
}

/** New cases' mails leave from the job that opens the case: no sending limit to hold. */
export function sendsAtOnce(s: Services): boolean {
  return smtpRateLimit(s.config.smtp) === undefined;
}
