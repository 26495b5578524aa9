import { createHash } from 'node:crypto';

/**
 * Deterministic Message-ID for an outgoing mail: the same (case, purpose, recipient) always
 * gives the same ID, which is what lets the outbox recognise a mail it already sent.
 */
export function outboundMessageId(sender: string, readable: string, ...parts: string[]): string {
  // Our Message-IDs live under the sending mailbox's domain.
  const domain = sender.split('@')[1] ?? 'localhost';
  const hash = createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 20);
  const safe = readable.replace(/[^A-Za-z0-9.-]/g, '-');
  return `<${safe}.${hash}@${domain}>`;
}
