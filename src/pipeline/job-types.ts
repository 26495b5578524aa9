import type { IngestJobData } from '../mail/mailbox-poller.js';
import type { TemplateVars } from '../mail/template-renderer.js';

export type { IngestJobData };

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
}
