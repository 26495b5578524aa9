import type { Job } from 'bullmq';
import type { Services } from '../services.js';
import type { NotifyJobData } from './job-types.js';

/**
 * Sends one mail at most once: the outbox entry is checked before sending and marked sent
 * after; a retried job that finds `sent` stops there.
 */
export async function processNotify(job: Job<NotifyJobData>, s: Services): Promise<string> {
  const n = job.data;
  if ((await s.outbox.state(n.messageId)) === 'sent') return 'already sent';
  const rendered = s.renderer.render(n.policy, n.template, { ...n.vars, subject: n.subject }, n.language);
  await s.outbox.markPending(n.messageId, {
    template: n.template,
    to: n.to.join(','),
    subject: n.subject,
    caseId: n.caseId ?? '',
  });
  await s.smtp.send({
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
  });
  await s.outbox.markSent(n.messageId, s.now());
  if (n.caseId) {
    await s.cases.linkMessage(n.messageId, n.caseId);
    await s.cases.addHistory(n.caseId, 'mail-sent', `${n.template} to ${n.to.join(', ')}`, s.now());
  }
  s.metrics.mailsSent.inc({ template: n.template });
  return `sent ${n.template}`;
}
