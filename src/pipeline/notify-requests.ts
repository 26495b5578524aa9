import { tagSubject } from '../mail/case-tag.js';
import { noReplyReason } from '../mail/loop-guard.js';
import { outboundMessageId } from '../mail/message-id.js';
import type { TemplateVars } from '../mail/template-renderer.js';
import { firstLines } from '../mail/text-excerpt.js';
import type { Services } from '../services.js';
import type { CaseRecord } from '../store/case-store.js';
import { NOTICES_WITH_ATTACHMENTS, noticeAttachments } from './attachment-refs.js';
import type { IngestJobData, NotifyJobData } from './job-types.js';
import { type NotifyOrder, queueNotify } from './queue-notify.js';

/** Everything every template may use about the inbound mail and its sender. */
export function baseVars(s: Services, data: IngestJobData, extra: TemplateVars = {}): TemplateVars {
  const policy = s.policies.get(data.policy);
  return {
    customer: { name: data.mail.from.name || data.mail.from.address, email: data.mail.from.address },
    policy: { id: data.policy, name: policy?.name ?? data.policy },
    subject: data.mail.subject,
    customerText: firstLines(data.mail.text, 12),
    supportAddress: data.mailbox,
    caseId: '',
    ...extra,
  };
}

/** A reply to the customer's mail, threaded to it, from the support mailbox. */
export function customerReply(
  s: Services,
  data: IngestJobData,
  template: string,
  vars: TemplateVars,
  options: { caseId?: string; language?: string; cc?: string[] } = {},
): NotifyJobData {
  const { mail } = data;
  return {
    messageId: outboundMessageId(
      data.mailbox,
      `${options.caseId ?? 'reply'}.${template}`,
      mail.messageId,
      template,
    ),
    policy: data.policy,
    template,
    ...(options.language ? { language: options.language } : {}),
    from: data.mailbox,
    // Reply-To is the sender's to choose only when the sender is who it says: otherwise our
    // answer would go wherever a forger points it.
    to: [mail.sender.authenticated && mail.replyTo ? mail.replyTo : mail.from.address],
    ...(options.cc && options.cc.length > 0 ? { cc: options.cc } : {}),
    subject: options.caseId
      ? tagSubject(options.caseId, mail.subject, s.casePrefixes)
      : `Re: ${mail.subject.replace(/^\s*re:\s*/i, '')}`,
    inReplyTo: mail.messageId,
    references: [...mail.references, mail.messageId],
    vars: { ...baseVars(s, data), ...vars, caseId: options.caseId ?? '' },
    ...(options.caseId ? { caseId: options.caseId } : {}),
    autoReply: true,
  };
}

export function notifyFollowUp(s: Services, data: IngestJobData, record: CaseRecord): NotifyJobData {
  return customerReply(
    s,
    data,
    'followUpReceived',
    { severity: { id: record.severity } },
    { caseId: record.id },
  );
}

/** A mail to an internal address (ops, team, reseller) about a case or an inbound mail. */
export function internalMail(
  s: Services,
  data: IngestJobData,
  template: string,
  to: string,
  subject: string,
  vars: TemplateVars,
  caseId?: string,
): NotifyJobData {
  const attachments = NOTICES_WITH_ATTACHMENTS.has(template) ? noticeAttachments(s, data) : undefined;
  return {
    messageId: outboundMessageId(
      data.mailbox,
      `${caseId ?? 'mail'}.${template}`,
      data.mail.messageId,
      template,
      to,
    ),
    policy: data.policy,
    template,
    from: data.mailbox,
    to: [to],
    replyTo: data.mailbox,
    subject,
    references: [data.mail.messageId],
    vars: { ...baseVars(s, data), ...vars, caseId: caseId ?? '' },
    ...(caseId ? { caseId } : {}),
    autoReply: true,
    ...(attachments ? { customerAttachments: attachments } : {}),
  };
}

/**
 * An automatic answer to the sender of `data`: sent only when the mail may be answered at all
 * (RFC 3834, robots) and the reply budgets admit it; otherwise the mail log says why.
 */
export async function enqueueCustomerReply(
  s: Services,
  data: IngestJobData,
  job: NotifyJobData,
  order = 0,
): Promise<boolean> {
  const noReply = noReplyReason(data.mail);
  const budget = noReply
    ? undefined
    : await s.replyBudget.admit(job.to[0] ?? '', job.caseId, job.messageId, s.now());
  const suppressed = noReply ?? (budget?.admitted === false ? budget.reason : undefined);
  if (suppressed !== undefined) {
    await s.mailLog(data, 'reply-suppressed', suppressed);
    s.logger.info(
      { messageId: data.mail.messageId, caseId: job.caseId, reason: suppressed },
      'no automatic answer',
    );
    return false;
  }
  await enqueueNotify(s, job, order);
  return true;
}

export { URGENT } from './queue-notify.js';

/** Asks for one outgoing mail (outbox entry, then job); see queue-notify.ts. */
export async function enqueueNotify(s: Services, job: NotifyJobData, order: NotifyOrder = 0): Promise<void> {
  await queueNotify(s, job, order);
}
