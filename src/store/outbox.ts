export type OutboxState = 'queued' | 'pending' | 'sent' | 'failed';

/** A mail asked for and not yet sent, with the job that sends it. */
export interface UnsentMail {
  messageId: string;
  /** The notify job's data and its queue order, as stored when it was asked for. */
  job: unknown;
}

/**
 * Every outgoing mail is an outbox entry keyed by its deterministic Message-ID. A retried job
 * finds `sent` and does nothing, so a customer never gets the same mail twice. The entry is
 * written when the mail is asked for, so a mail whose job Redis lost is queued again.
 */
export interface Outbox {
  state(messageId: string): Promise<OutboxState | undefined>;
  /** Written before the job is queued; a second ask for the same mail changes nothing. */
  queue(messageId: string, fields: Record<string, string>, job: unknown): Promise<void>;
  markPending(messageId: string, fields: Record<string, string>): Promise<void>;
  markSent(messageId: string, at: Date): Promise<void>;
  /** Given up (attempts spent, or refused for good): never queued again by the reconcile step. */
  markFailed(messageId: string): Promise<void>;
  /** Queued or pending entries older than `ageMs`, oldest first, from the `offset`-th on. */
  unsent(ageMs: number, limit: number, offset?: number): Promise<UnsentMail[]>;
}
