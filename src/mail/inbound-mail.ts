import type { SenderVerdict } from './trust/sender-verdict.js';

/** A parsed inbound mail as the pipeline sees it: plain JSON, safe to carry in a job. */
export interface InboundMail {
  /** Always set: the sender's Message-ID, or a stable one derived from mailbox + UID. */
  messageId: string;
  from: { address: string; name: string };
  /** Who sent it, established once at intake (trust.mode); later stages read only this. */
  sender: SenderVerdict;
  replyTo?: string | undefined;
  to: string[];
  cc: string[];
  subject: string;
  /** ISO 8601; the Date header when sane, else the time we received it. */
  date: string;
  text: string;
  inReplyTo?: string | undefined;
  references: string[];
  /** Content (base64) is kept only for staff mail, whose attachments are relayed to customers. */
  attachments: { filename: string; contentType: string; size: number; content?: string }[];
  /** The headers the loop guard reads, lower-case names. */
  headers: {
    autoSubmitted?: string;
    precedence?: string;
    listId?: string;
    xAutoResponseSuppress?: string;
    xLoop?: string[];
    returnPath?: string;
  };
  /** A multipart/report delivery-status notification (bounce). */
  isDeliveryReport: boolean;
}
