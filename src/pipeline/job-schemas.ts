import { z } from 'zod';
import type { InboundMail } from '../mail/inbound-mail.js';
import { customerAttachmentsSchema } from './attachment-refs.js';
import type { IngestJobData, NotifyJobData, SlaJobData, TriageJobData, WebhookJobData } from './job-types.js';

// One schema per queue payload, parsed when a worker takes a job: a job written by an older
// version, by hand (Redis CLI) or by a bug fails once, is counted, and never runs on bad data.
// Each schema is checked against its TypeScript type, so the two cannot drift apart; objects
// are loose so a field added by a newer writer survives a rolling upgrade.

const attachmentSchema = z.looseObject({
  filename: z.string(),
  contentType: z.string(),
  size: z.number().int().nonnegative(),
  content: z.string().optional(),
});

const inboundMailSchema = z.looseObject({
  messageId: z.string().min(1),
  from: z.looseObject({ address: z.string().min(3), name: z.string() }),
  sender: z.looseObject({
    authenticated: z.boolean(),
    method: z.enum(['dmarc', 'dkim', 'spf', 'compauth', 'none']),
    domain: z.string().optional(),
    reason: z.string(),
  }),
  replyTo: z.string().optional(),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  subject: z.string(),
  date: z.string(),
  text: z.string(),
  inReplyTo: z.string().optional(),
  references: z.array(z.string()),
  attachments: z.array(attachmentSchema),
  headers: z.looseObject({
    autoSubmitted: z.string().optional(),
    precedence: z.string().optional(),
    listId: z.string().optional(),
    xAutoResponseSuppress: z.string().optional(),
    xLoop: z.array(z.string()).optional(),
    returnPath: z.string().optional(),
  }),
  isDeliveryReport: z.boolean(),
}) satisfies z.ZodType<InboundMail>;

export const ingestJobSchema = z.looseObject({
  mailbox: z.string().min(1),
  policy: z.string().min(1),
  uidValidity: z.string().min(1),
  uid: z.number().int().positive(),
  receivedAt: z.string(),
  mail: inboundMailSchema,
  replay: z.looseObject({ folder: z.string().min(1), forced: z.string().min(1).optional() }).optional(),
}) satisfies z.ZodType<IngestJobData>;

export const triageJobSchema = ingestJobSchema satisfies z.ZodType<TriageJobData>;

export const notifyJobSchema = z.looseObject({
  messageId: z.string().min(1),
  policy: z.string().min(1),
  template: z.string().min(1),
  language: z.string().optional(),
  from: z.string().min(3),
  to: z.array(z.string().min(3)).min(1),
  cc: z.array(z.string()).optional(),
  replyTo: z.string().optional(),
  subject: z.string(),
  inReplyTo: z.string().optional(),
  references: z.array(z.string()),
  vars: z.record(z.string(), z.unknown()),
  caseId: z.string().optional(),
  autoReply: z.boolean(),
  purpose: z.enum(['acknowledgement', 'relay', 'notice']).optional(),
  mailReceivedAt: z.string().optional(),
  attachments: z
    .array(z.looseObject({ filename: z.string(), contentType: z.string(), content: z.string().optional() }))
    .optional(),
  customerAttachments: customerAttachmentsSchema.optional(),
}) satisfies z.ZodType<NotifyJobData>;

export const slaJobSchema = z.looseObject({
  caseId: z.string().min(1),
  target: z.enum(['firstResponse', 'resolution1', 'resolution2']),
  kind: z.enum(['timer', 'warning', 'breach', 'ackCheck', 'autoClose']),
  version: z.number().int(),
  dueAt: z.string(),
}) satisfies z.ZodType<SlaJobData>;

export const webhookJobSchema = z.looseObject({
  url: z.url(),
  payload: z.looseObject({ text: z.string() }),
}) satisfies z.ZodType<WebhookJobData>;

/** The payload type of each queue, for typed Queue and Worker instances. */
export interface JobDataOf {
  ingest: IngestJobData;
  triage: TriageJobData;
  notify: NotifyJobData;
  sla: SlaJobData;
  webhook: WebhookJobData;
}

export const JOB_SCHEMAS: { [Q in keyof JobDataOf]: z.ZodType<JobDataOf[Q]> } = {
  ingest: ingestJobSchema,
  triage: triageJobSchema,
  notify: notifyJobSchema,
  sla: slaJobSchema,
  webhook: webhookJobSchema,
};
