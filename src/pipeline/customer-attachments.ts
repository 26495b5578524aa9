import type { AttachmentItem } from '../mail/attachment-plan.js';
import { splitIntoMails } from '../mail/attachment-plan.js';
import { caseSubject } from '../mail/case-tag.js';
import { outboundMessageId } from '../mail/message-id.js';
import type { Services } from '../services.js';
import type { CaseRecord } from '../store/case-store.js';
import {
  type AttachmentGroup,
  attachmentGroup,
  attachmentGroupSchema,
  type CustomerAttachmentsRef,
  type MailRef,
} from './attachment-refs.js';
import type { IngestJobData } from './job-types.js';
import { enqueueNotify } from './notify-requests.js';

/** The case history event that remembers where a customer mail's attachments are. */
export const ATTACHMENTS_EVENT = 'customer-attachments';

/**
 * Remembers, in the case history, where this customer mail's attachments are, so `#attachments`
 * can find every file the customer sent on the case. References only; the bytes stay on IMAP.
 */
export async function recordCustomerAttachments(
  s: Services,
  caseId: string,
  data: IngestJobData,
): Promise<void> {
  const group = attachmentGroup(s, data);
  if (group) await s.cases.addHistory(caseId, ATTACHMENTS_EVENT, JSON.stringify(group), s.now());
}

/** Every customer mail of the case with attachments, oldest first, each once (retried jobs). */
export async function caseAttachmentGroups(s: Services, caseId: string): Promise<AttachmentGroup[]> {
  const groups = new Map<string, AttachmentGroup>();
  for (const entry of await s.cases.history(caseId)) {
    if (entry.event !== ATTACHMENTS_EVENT) continue;
    const parsed = attachmentGroupSchema.safeParse(safeJson(entry.detail));
    if (parsed.success && !groups.has(parsed.data.mail.messageId))
      groups.set(parsed.data.mail.messageId, parsed.data);
  }
  return [...groups.values()];
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
};

type Flat = AttachmentItem & { mail: MailRef };

/** Flat items back into one group per mail, keeping the order they came in. */
function regroup(items: readonly Flat[]): AttachmentGroup[] {
  const groups: AttachmentGroup[] = [];
  for (const { mail, ...item } of items) {
    const last = groups.at(-1);
    if (last && last.mail.messageId === mail.messageId) last.items.push(item);
    else groups.push({ mail, items: [item] });
  }
  return groups;
}

/**
 * `#attachments`: every file the customer sent on the case, to the engineer who asked, in as
 * few mails as the cap allows. Files larger than the cap alone are listed in the last mail with
 * where they are. Message-IDs derive from the engineer's mail: a retried job sends nothing twice.
 */
export async function requestAttachmentDelivery(
  s: Services,
  data: IngestJobData,
  record: CaseRecord,
  engineer: string,
): Promise<number> {
  const flat: Flat[] = (await caseAttachmentGroups(s, record.id)).flatMap((g) =>
    g.items.map((item) => ({ ...item, mail: g.mail })),
  );
  const { mails, tooLarge } = splitIntoMails(flat, s.config.attachments.maxTotalBytes);
  // Nothing to attach still gets an answer: the engineer learns there is nothing, or only big files.
  const parts: Flat[][] = mails.length > 0 ? mails : [[]];
  for (const [i, items] of parts.entries()) {
    const last = i === parts.length - 1;
    const ref: CustomerAttachmentsRef = {
      mode: 'delivery',
      attach: regroup(items),
      ...(last && tooLarge.length > 0 ? { tooLarge: regroup(tooLarge) } : {}),
      part: { n: i + 1, of: parts.length },
    };
    const counter = parts.length > 1 ? ` (${i + 1}/${parts.length})` : '';
    await enqueueNotify(s, {
      messageId: outboundMessageId(data.mailbox, `${record.id}.attachments`, data.mail.messageId, String(i)),
      policy: record.policy,
      template: 'attachmentsDelivery',
      from: data.mailbox,
      to: [engineer],
      replyTo: data.mailbox,
      subject: `${caseSubject(record.id, record.subject, s.casePrefixes)} — attachments${counter}`,
      inReplyTo: data.mail.messageId,
      references: [record.messageId, data.mail.messageId],
      vars: {
        caseId: record.id,
        policy: { id: record.policy, name: s.policies.get(record.policy)?.name ?? record.policy },
        customer: { name: record.customerName || record.customerEmail, email: record.customerEmail },
        supportAddress: data.mailbox,
      },
      caseId: record.id,
      autoReply: true,
      customerAttachments: ref,
    });
  }
  return parts.length;
}
