import type { Db } from './db/database.js';
import { toPgJson } from './db/pg-json.js';

export interface MailLogEntry {
  at: Date;
  outcome: string;
  reason: string;
  mailbox?: string;
  messageId?: string;
  sender?: string;
  /** Anything else worth keeping (UID, UIDVALIDITY, policy ...). */
  detail?: Record<string, unknown>;
}

/** Audit trail of mail that made no case (robots, declines, quarantine). */
export interface MailLog {
  append(entry: MailLogEntry): Promise<void>;
  /** Newest last. */
  entries(filter?: { mailbox?: string; limit?: number }): Promise<MailLogEntry[]>;
}

/** The mail log in PostgreSQL: kept in full for `retention.mailLogDays` (src/store/retention.ts prunes it). */
export class PgMailLog implements MailLog {
  constructor(private readonly db: Db) {}

  async append(e: MailLogEntry): Promise<void> {
    await this.db
      .insertInto('mail_log')
      .values({
        at: e.at,
        outcome: e.outcome,
        reason: e.reason,
        mailbox: e.mailbox ?? null,
        message_id: e.messageId ?? null,
        sender: e.sender ?? null,
        detail: toPgJson(e.detail ?? {}),
      })
      .execute();
  }

  async entries(filter: { mailbox?: string; limit?: number } = {}): Promise<MailLogEntry[]> {
    let q = this.db
      .selectFrom('mail_log')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(filter.limit ?? 1000);
    if (filter.mailbox !== undefined) q = q.where('mailbox', '=', filter.mailbox);
    const rows = await q.execute();
    return rows.reverse().map((r) => ({
      at: r.at,
      outcome: r.outcome,
      reason: r.reason,
      ...(r.mailbox !== null ? { mailbox: r.mailbox } : {}),
      ...(r.message_id !== null ? { messageId: r.message_id } : {}),
      ...(r.sender !== null ? { sender: r.sender } : {}),
      detail: r.detail,
    }));
  }
}
