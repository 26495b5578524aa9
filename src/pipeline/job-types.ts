import type { IngestJobData as PolledMail } from '../mail/mailbox-poller.js';
import type { TemplateVars } from '../mail/template-renderer.js';
import type { CustomerAttachmentsRef } from './attachment-refs.js';
import type { ReplayMark } from './replay-mark.js';

/** A mail for the pipeline: as the poller hands it over, or replayed by an operator. */
export interface IngestJobData extends PolledMail {
  replay?: ReplayMark | undefined;
}

/** Triage gets the ingest data unchanged: the mail, its mailbox and its policy. */
export type TriageJobData = IngestJobData;

/** One outgoing mail, fully addressed; rendering happens at send time from these fields. */
export interface NotifyJobData {
  messageId: string;
  policy: string;
  template: string;
  language?: string;
  from: string;
  to: string[];
  cc?: string[];
  replyTo?: string;
  subject: string;
  inReplyTo?: string;
  references: string[];
  vars: TemplateVars;
  caseId?: string;
  autoReply: boolean;
  /** What the mail means for the case: the acknowledgement starts (or meets) clocks. */
  purpose?: 'acknowledgement' | 'relay' | 'notice';
  /** For an acknowledgement: when the customer's mail arrived in the mailbox (ack latency). */
  mailReceivedAt?: string;
  /** Relayed engineer attachments, base64. */
  attachments?: { filename: string; contentType: string; content?: string }[];
  /** The customer's attachments, by reference: fetched from IMAP when the mail is sent. */
  customerAttachments?: CustomerAttachmentsRef;
}

/**
 * A case's SLA timer (`timer`: every warning and breach due by now, then the next timer), valid
 * for one schedule version; or one of the single checks: `ackCheck`, `autoClose`, and
 * `warning`/`breach` jobs of one target, queued by earlier versions (one job per target and kind).
 */
export interface SlaJobData {
  caseId: string;
  /** For a timer: the target of the first event it fires for. */
  target: 'firstResponse' | 'resolution1' | 'resolution2';
  kind: 'timer' | 'warning' | 'breach' | 'ackCheck' | 'autoClose';
  version: number;
  /** For a timer: the instant it fires for; for a warning or breach: the target's due time. */
  dueAt: string;
}

/** An ops alert posted to the webhook (Slack-compatible `text`). */
export interface WebhookJobData {
  url: string;
  payload: Record<string, unknown> & { text: string };
}
