import type { InboundMail } from './inbound-mail.js';

/** Our own X-Loop value: a mail carrying it came from this daemon and must never be answered. */
export const X_LOOP = 'support-intake';

const ROBOT_SENDERS = /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)@/i;

/**
 * Why a mail must get no automatic answer, or undefined when a reply is fine. RFC 3834: never
 * auto-answer auto-submitted mail, list or bulk traffic, bounces, or mail that looped.
 */
export function noReplyReason(mail: InboundMail): string | undefined {
  const h = mail.headers;
  if (h.xLoop?.some((v) => v.toLowerCase().includes(X_LOOP))) return 'our own X-Loop header (mail loop)';
  if (mail.isDeliveryReport) return 'delivery status report (bounce)';
  if (ROBOT_SENDERS.test(mail.from.address)) return `robot sender ${mail.from.address}`;
  if (h.returnPath?.trim() === '<>') return 'empty Return-Path (bounce)';
  if (h.autoSubmitted && h.autoSubmitted.trim().toLowerCase() !== 'no')
    return `Auto-Submitted: ${h.autoSubmitted}`;
  if (h.precedence && /^(bulk|junk|list|auto_reply)$/i.test(h.precedence.trim()))
    return `Precedence: ${h.precedence}`;
  if (h.listId) return 'mailing-list traffic (List-Id)';
  if (h.xAutoResponseSuppress && /\b(all|autoreply|oof)\b/i.test(h.xAutoResponseSuppress)) {
    return `X-Auto-Response-Suppress: ${h.xAutoResponseSuppress}`;
  }
  return undefined;
}
