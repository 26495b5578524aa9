import type { InboundMail } from './inbound-mail.js';

/** Our own X-Loop value: a mail carrying it came from this daemon and must never be answered. */
export const X_LOOP = 'support-intake';

// Addresses that only robots write from: bounce handlers, list managers, "do not reply" senders.
const ROBOT_SENDERS =
  /^(mailer-daemon|postmaster|listserv|majordomo|no[-_.]?reply[^@]*|do[-_.]?not[-_.]?reply[^@]*|bounces?(\+[^@]*)?)@/i;

/**
 * Why a mail is not a support request at all, or undefined. Loops, bounces, autoresponders
 * answering us and mailing-list traffic are recorded in the mail log and go no further.
 */
export function notIntakeReason(mail: InboundMail): string | undefined {
  const h = mail.headers;
  if (h.xLoop?.some((v) => v.toLowerCase().includes(X_LOOP))) return 'our own X-Loop header (mail loop)';
  if (mail.isDeliveryReport) return 'delivery status report (bounce)';
  if (/^(mailer-daemon|postmaster)@/i.test(mail.from.address)) return `robot sender ${mail.from.address}`;
  if (h.returnPath?.trim() === '<>') return 'empty Return-Path (bounce)';
  if (h.autoSubmitted?.trim().toLowerCase().startsWith('auto-replied'))
    return `Auto-Submitted: ${h.autoSubmitted}`;
  if (h.precedence && /^(bulk|junk|list)$/i.test(h.precedence.trim())) return `Precedence: ${h.precedence}`;
  if (h.listId) return 'mailing-list traffic (List-Id)';
  return undefined;
}

/**
 * Why a mail must get no automatic answer, or undefined when a reply is fine (RFC 3834). This
 * suppresses replies, never intake: a customer's monitoring or service desk that marks its mail
 * Auto-Submitted still opens a case; it just gets no acknowledgement back.
 */
export function noReplyReason(mail: InboundMail): string | undefined {
  const notIntake = notIntakeReason(mail);
  if (notIntake) return notIntake;
  const h = mail.headers;
  if (ROBOT_SENDERS.test(mail.from.address)) return `robot sender ${mail.from.address}`;
  if (h.autoSubmitted && h.autoSubmitted.trim().toLowerCase() !== 'no')
    return `Auto-Submitted: ${h.autoSubmitted}`;
  if (h.precedence && /^auto_reply$/i.test(h.precedence.trim())) return `Precedence: ${h.precedence}`;
  if (h.xAutoResponseSuppress && /\b(all|autoreply|oof)\b/i.test(h.xAutoResponseSuppress)) {
    return `X-Auto-Response-Suppress: ${h.xAutoResponseSuppress}`;
  }
  return undefined;
}
