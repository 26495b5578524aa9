import type { Job } from 'bullmq';
import { sendOpsAlert } from '../ops/ops-alert.js';
import type { Services } from '../services.js';
import { resolveAttachments } from './attachment-sending.js';
import type { NotifyJobData } from './job-types.js';

/** The ack left for the first time (the store says so): how long the customer waited. */
function observeAckLatency(s: Services, n: NotifyJobData): void {
  // Wall clock on both ends: the poller stamps arrival with it, whatever clock the policies run on.
  const arrived = n.mailReceivedAt ? Date.parse(n.mailReceivedAt) : Number.NaN;
  if (!Number.isNaN(arrived)) {
    s.metrics.ackLatency.observe({ policy: n.policy }, Math.max(0, (Date.now() - arrived) / 1000));
  }
}

/** The server took the mail for some recipients and refused others: retrying would duplicate it for the rest. */
async function recordRefusedRecipients(s: Services, n: NotifyJobData, rejected: string[]): Promise<void> {
  const reason = `${n.template} refused for ${rejected.join(', ')} (sent to the other recipients)`;
  s.logger.warn({ messageId: n.messageId, caseId: n.caseId, rejected }, 'recipients refused');
  if (n.caseId) await s.cases.addHistory(n.caseId, 'mail-failed', reason, s.now());
  if (n.template === 'opsAlert') return;
  await sendOpsAlert(s, {
    key: `refused.${n.messageId}`,
    kind: 'recipients refused',
    reason,
    policy: n.policy,
    ...(n.caseId ? { caseId: n.caseId } : {}),
  });
}

export async function processNotify(job: Job<NotifyJobData>, s: Services): Promise<string> {
  return sendOutboxMail(s, job.data, { owner: `notify:${job.id}`, attemptsMade: job.attemptsMade });
}

/** Who sends: a job's ID (the same on every attempt) and how many attempts came before. */
export interface SendAttempt {
  owner: string;
  attemptsMade: number;
  /** The entry was written claimed by `owner` in the statement that just created it. */
  claimed?: boolean;
}

/** Another worker's send of this mail is under way: try again after it (a retryable error). */
export class SendInProgressError extends Error {}

/**
 * Sends one mail at most once, in two statements: the outbox entry claimed before sending (a
 * retried job that finds `sent` stops there; another sender's fresh claim makes this one wait)
 * and everything the send means recorded after. Used by notify jobs, and by triage for a new
 * case's mails, sent in its own job.
 */
export async function sendOutboxMail(s: Services, n: NotifyJobData, attempt: SendAttempt): Promise<string> {
  // Before the outbox is touched: a mailbox briefly unreachable retries the job with nothing marked.
  const customer = n.customerAttachments
    ? await resolveAttachments(s, n.customerAttachments, attempt.attemptsMade)
    : { vars: {}, files: [] };
  const rendered = s.renderer.render(
    n.policy,
    n.template,
    { ...n.vars, ...customer.vars, subject: n.subject },
    n.language,
    customer.files.flatMap((f) => (f.cid && f.inline ? [{ cid: f.cid, alt: f.filename }] : [])),
  );
  const claim = attempt.claimed
    ? 'claimed'
    : await s.outbox.claim(
        n.messageId,
        { template: n.template, to: n.to.join(','), subject: n.subject, caseId: n.caseId ?? '' },
        attempt.owner,
      );
  if (claim === 'sent') return 'already sent';
  if (claim === 'busy') throw new SendInProgressError(`${n.messageId} is being sent by another worker`);
  if (attempt.attemptsMade > 0) {
    // An earlier attempt may have died between SMTP and marking it sent: it may have gone out.
    // We send again with the same Message-ID, which receivers use to drop the copy.
    s.logger.warn(
      { messageId: n.messageId, caseId: n.caseId },
      'sending again a mail an earlier attempt may have sent',
    );
  }
  const { rejected } = await s.smtp
    .send({
      from: n.from,
      to: n.to,
      ...(n.cc ? { cc: n.cc } : {}),
      ...(n.replyTo ? { replyTo: n.replyTo } : {}),
      subject: n.subject,
      text: rendered.text,
      html: rendered.html,
      messageId: n.messageId,
      ...(n.inReplyTo ? { inReplyTo: n.inReplyTo } : {}),
      references: n.references,
      autoReply: n.autoReply,
      ...(n.attachments || customer.files.length > 0
        ? {
            attachments: [
              ...(n.attachments ?? []).map((a) => ({
                filename: a.filename,
                contentType: a.contentType,
                content: Buffer.from(a.content ?? '', 'base64'),
              })),
              ...customer.files,
            ],
          }
        : {}),
    })
    .catch(async (err: unknown) => {
      // Not known to be sent: the next attempt, or another sender, may claim it at once (and
      // sends it with the same Message-ID, which receivers use to drop a copy).
      await s.outbox.release(n.messageId, attempt.owner);
      throw err;
    });
  // One statement: sent, threaded to the case, its history, and for an acknowledgement the ack
  // instant, `acknowledged` and (Netop) the first response met. No reschedule: meeting one
  // target moves no other; its own pending jobs see `met` and stop.
  const { firstAck } = await s.outbox.recordSent({
    messageId: n.messageId,
    at: s.now(),
    ...(n.caseId ? { caseId: n.caseId } : {}),
    ...(n.purpose ? { purpose: n.purpose } : {}),
    firstResponseMetByAck: s.policies.get(n.policy)?.firstResponseMetByAck === true,
    historyDetail: `${n.template} to ${n.to.join(', ')}`,
  });
  if (firstAck) observeAckLatency(s, n);
  if (rejected.length > 0) await recordRefusedRecipients(s, n, rejected);
  s.metrics.mailsSent.inc({ template: n.template });
  return `sent ${n.template}`;
}
