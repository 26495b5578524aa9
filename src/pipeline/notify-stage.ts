import type { Job } from 'bullmq';
import { sendOpsAlert } from '../ops/ops-alert.js';
import type { Services } from '../services.js';
import { resolveAttachments } from './attachment-sending.js';
import type { NotifyJobData } from './job-types.js';

/** The ack left: note it, and where the policy says so (Netop) it is the first response. */
async function recordAcknowledgement(s: Services, n: NotifyJobData, caseId: string): Promise<void> {
  const policyId = n.policy;
  const now = s.now().toISOString();
  if (!(await s.cases.setOnce(caseId, 'ackSentAt', now))) return;
  // Wall clock on both ends: the poller stamps arrival with it, whatever clock the policies run on.
  const arrived = n.mailReceivedAt ? Date.parse(n.mailReceivedAt) : Number.NaN;
  if (!Number.isNaN(arrived)) {
    s.metrics.ackLatency.observe({ policy: policyId }, Math.max(0, (Date.now() - arrived) / 1000));
  }
  const record = await s.cases.get(caseId);
  if (record?.status === 'new') await s.cases.setStatus(caseId, 'new', 'acknowledged');
  if (s.policies.get(policyId)?.firstResponseMetByAck) {
    await s.cases.update(caseId, { 'met.firstResponse': now });
    await s.cases.addHistory(
      caseId,
      'target-met',
      'firstResponse met by the acknowledgement (case ID sent)',
      s.now(),
    );
    // No reschedule: meeting one target moves no other; its own pending jobs see `met` and stop.
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

/**
 * Sends one mail at most once: the outbox entry is checked before sending and marked sent
 * after; a retried job that finds `sent` stops there.
 */
export async function processNotify(job: Job<NotifyJobData>, s: Services): Promise<string> {
  const n = job.data;
  const previous = await s.outbox.state(n.messageId);
  if (previous === 'sent') return 'already sent';
  if (previous === 'pending') {
    // An earlier attempt died between SMTP and marking it sent: it may have gone out. We send
    // again with the same Message-ID, which receivers use to drop the copy.
    s.logger.warn(
      { messageId: n.messageId, caseId: n.caseId },
      'resending a mail whose earlier attempt was interrupted',
    );
  }
  // Before the outbox entry: a mailbox briefly unreachable retries the job with nothing marked.
  const customer = n.customerAttachments
    ? await resolveAttachments(s, n.customerAttachments, job.attemptsMade)
    : { vars: {}, files: [] };
  const rendered = s.renderer.render(
    n.policy,
    n.template,
    { ...n.vars, ...customer.vars, subject: n.subject },
    n.language,
    customer.files.flatMap((f) => (f.cid && f.inline ? [{ cid: f.cid, alt: f.filename }] : [])),
  );
  await s.outbox.markPending(n.messageId, {
    template: n.template,
    to: n.to.join(','),
    subject: n.subject,
    caseId: n.caseId ?? '',
  });
  const { rejected } = await s.smtp.send({
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
  });
  await s.outbox.markSent(n.messageId, s.now());
  if (rejected.length > 0) await recordRefusedRecipients(s, n, rejected);
  if (n.caseId) {
    await s.cases.linkMessage(n.messageId, n.caseId);
    if (n.purpose === 'acknowledgement') await recordAcknowledgement(s, n, n.caseId);
    await s.cases.addHistory(n.caseId, 'mail-sent', `${n.template} to ${n.to.join(', ')}`, s.now());
  }
  s.metrics.mailsSent.inc({ template: n.template });
  return `sent ${n.template}`;
}
