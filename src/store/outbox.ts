export type OutboxState = 'pending' | 'sent';

/**
 * Every outgoing mail is an outbox entry keyed by its deterministic Message-ID. A retried job
 * finds `sent` and does nothing, so a customer never gets the same mail twice.
 */
export interface Outbox {
  state(messageId: string): Promise<OutboxState | undefined>;
  markPending(messageId: string, fields: Record<string, string>): Promise<void>;
  markSent(messageId: string, at: Date): Promise<void>;
}
