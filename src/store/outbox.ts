import type { SentMail } from './case-opening.js';

export type OutboxState = 'queued' | 'pending' | 'sent' | 'failed' | 'suppressed';

export type ClaimResult = 'sent' | 'claimed' | 'busy';

/**
 * How long a started send keeps other senders off: longer than any send can take (the SMTP
 * transport's timeouts end a stuck one well before), so two workers never send one mail at once.
 */
export const SEND_LEASE_MS = 10 * 60_000;

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
  /**
   * A send is starting: the entry becomes `pending`, claimed by `owner` (created if missing),
   * unless it is `sent` already (the caller sends nothing) or another owner's send started less
   * than a lease ago (`busy`: the caller tries again later). The same owner may claim again: a
   * retried job whose earlier attempt died mid-send. One statement.
   */
  claim(messageId: string, fields: Record<string, string>, owner: string): Promise<ClaimResult>;
  /** A send that failed hands the mail on: `queued` again, if `owner` still holds it. */
  release(messageId: string, owner: string): Promise<void>;
  /** The send happened: marked sent, and its case told (see case-opening.ts). One statement. */
  recordSent(mail: SentMail): Promise<{ firstAck: boolean }>;
  /**
   * An automatic answer the reply budgets stopped after it was written down: never sent. Only
   * an entry not yet claimed, or claimed by `owner` (written claimed for it, see open_case).
   */
  suppress(messageId: string, owner?: string): Promise<void>;
  /** Given up (attempts spent, or refused for good): never queued again by the reconcile step. */
  markFailed(messageId: string): Promise<void>;
  /**
   * Entries older than `ageMs` that no sender holds (queued, or pending past its lease), oldest
   * first, from the `offset`-th on.
   */
  unsent(ageMs: number, limit: number, offset?: number): Promise<UnsentMail[]>;
}
