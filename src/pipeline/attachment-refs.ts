import { z } from 'zod';
import type { AttachmentItem } from '../mail/attachment-plan.js';
import type { Services } from '../services.js';
import type { IngestJobData } from './job-types.js';

/**
 * Where a customer's mail can be found again on IMAP. The poller moves a mail to the Processed
 * folder after intake, which gives it a new UID there: it is looked up there by Message-ID, and
 * in the folder it arrived in by UIDVALIDITY + UID (the move may not have happened yet).
 */
export interface MailRef {
  mailbox: string;
  messageId: string;
  /** The folder it arrived in, with that folder's UIDVALIDITY and the UID it had there. */
  folder: string;
  uidValidity: string;
  uid: number;
}

/** Some attachments of one customer mail. */
export interface AttachmentGroup {
  mail: MailRef;
  items: AttachmentItem[];
}

/**
 * The customer's attachments an outgoing mail is about: references only, the bytes are fetched
 * at send time. A `notice` attaches them when they fit under the cap together and lists them
 * otherwise; a `delivery` (answer to `#attachments`) attaches `attach`, already split within
 * the cap, and lists `tooLarge`.
 */
export interface CustomerAttachmentsRef {
  mode: 'notice' | 'delivery';
  attach: AttachmentGroup[];
  tooLarge?: AttachmentGroup[];
  /** For a delivery: this mail's number and how many there are. */
  part?: { n: number; of: number };
}

const itemSchema = z.looseObject({
  index: z.number().int().nonnegative(),
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
}) satisfies z.ZodType<AttachmentItem>;

export const attachmentGroupSchema = z.looseObject({
  mail: z.looseObject({
    mailbox: z.string().min(3),
    messageId: z.string().min(1),
    folder: z.string().min(1),
    uidValidity: z.string().min(1),
    uid: z.number().int().positive(),
  }),
  items: z.array(itemSchema),
}) satisfies z.ZodType<AttachmentGroup>;

export const customerAttachmentsSchema = z.looseObject({
  mode: z.enum(['notice', 'delivery']),
  attach: z.array(attachmentGroupSchema),
  tooLarge: z.array(attachmentGroupSchema).optional(),
  part: z.looseObject({ n: z.number().int().positive(), of: z.number().int().positive() }).optional(),
}) satisfies z.ZodType<CustomerAttachmentsRef>;

/** The team's mails about one customer mail carry that mail's attachments. */
export const NOTICES_WITH_ATTACHMENTS: ReadonlySet<string> = new Set(['newCaseNotice', 'followUpNotice']);

function mailRef(s: Services, data: IngestJobData): MailRef {
  const mailbox = s.config.mailboxes.find((m) => m.address === data.mailbox);
  return {
    mailbox: data.mailbox,
    messageId: data.mail.messageId,
    // A replayed mail's UID is the one it has in the folder it was replayed from.
    folder: data.replay?.folder ?? mailbox?.folder ?? 'INBOX',
    uidValidity: data.uidValidity,
    uid: data.uid,
  };
}

/** The inbound mail's attachments as references (index in the parsed list, name, type, size). */
export function attachmentGroup(s: Services, data: IngestJobData): AttachmentGroup | undefined {
  if (data.mail.attachments.length === 0) return undefined;
  const items: AttachmentItem[] = data.mail.attachments.map((a, index) => ({
    index,
    filename: a.filename,
    contentType: a.contentType,
    size: a.size,
  }));
  return { mail: mailRef(s, data), items };
}

/** What a team notice about this mail carries: its attachments, fetched when it is sent. */
export function noticeAttachments(s: Services, data: IngestJobData): CustomerAttachmentsRef | undefined {
  const group = attachmentGroup(s, data);
  return group ? { mode: 'notice', attach: [group] } : undefined;
}
