import { recordMailSent, type SentMail } from './case-opening.js';
import type { Db } from './db/database.js';
import { toPgJson } from './db/pg-json.js';
import { type ClaimResult, type Outbox, type OutboxState, SEND_LEASE_MS, type UnsentMail } from './outbox.js';

/** The outbox in PostgreSQL. */
export class PgOutbox implements Outbox {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  async state(messageId: string): Promise<OutboxState | undefined> {
    const row = await this.db
      .selectFrom('outbox')
      .select('state')
      .where('message_id', '=', messageId)
      .executeTakeFirst();
    return row?.state;
  }

  async queue(messageId: string, fields: Record<string, string>, job: unknown): Promise<void> {
    await this.db
      .insertInto('outbox')
      .values({
        message_id: messageId,
        state: 'queued',
        fields: toPgJson(fields),
        job: toPgJson(job),
        created_at: this.now(),
      })
      .onConflict((oc) => oc.column('message_id').doNothing())
      .execute();
  }

  async claim(messageId: string, fields: Record<string, string>, owner: string): Promise<ClaimResult> {
    const now = this.now();
    const leaseStart = new Date(now.getTime() - SEND_LEASE_MS);
    const row = await this.db
      .insertInto('outbox')
      .values({
        message_id: messageId,
        state: 'pending',
        fields: toPgJson(fields),
        created_at: now,
        claimed_by: owner,
        claimed_at: now,
      })
      .onConflict((oc) =>
        oc
          .column('message_id')
          .doUpdateSet({ state: 'pending', claimed_by: owner, claimed_at: now })
          .where(({ eb, or, and }) =>
            and([
              eb('outbox.state', '!=', 'sent'),
              or([
                eb('outbox.state', '!=', 'pending'),
                eb('outbox.claimed_by', 'is', null),
                eb('outbox.claimed_by', '=', owner),
                eb('outbox.claimed_at', '<', leaseStart),
              ]),
            ]),
          ),
      )
      .returning('state')
      .executeTakeFirst();
    if (row) return 'claimed';
    // Not updated: sent already, or another owner's send is under way (rare: a second read).
    return (await this.state(messageId)) === 'sent' ? 'sent' : 'busy';
  }

  async release(messageId: string, owner: string): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ state: 'queued', claimed_by: null, claimed_at: null })
      .where('message_id', '=', messageId)
      .where('state', '=', 'pending')
      .where('claimed_by', '=', owner)
      .execute();
  }

  async recordSent(mail: SentMail): Promise<{ firstAck: boolean }> {
    return recordMailSent(this.db, mail);
  }

  async suppress(messageId: string, owner?: string): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ state: 'suppressed', job: null })
      .where('message_id', '=', messageId)
      .where(({ eb, or, and }) =>
        or([
          eb('state', '=', 'queued'),
          ...(owner ? [and([eb('state', '=', 'pending'), eb('claimed_by', '=', owner)])] : []),
        ]),
      )
      .execute();
  }

  async markFailed(messageId: string): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ state: 'failed', job: null })
      .where('message_id', '=', messageId)
      .where('state', '!=', 'sent')
      .execute();
  }

  async unsent(ageMs: number, limit: number, offset = 0): Promise<UnsentMail[]> {
    const rows = await this.db
      .selectFrom('outbox')
      .select(['message_id', 'job'])
      // A pending send within its lease is someone's send under way (or retried by its own job):
      // queueing it again would only make a second sender wait for the first.
      .where(({ eb, or, and }) =>
        or([
          eb('state', '=', 'queued'),
          and([
            eb('state', '=', 'pending'),
            or([
              eb('claimed_at', 'is', null),
              eb('claimed_at', '<', new Date(this.now().getTime() - SEND_LEASE_MS)),
            ]),
          ]),
        ]),
      )
      .where('job', 'is not', null)
      .where('created_at', '<', new Date(this.now().getTime() - ageMs))
      .orderBy('created_at')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map((r) => ({ messageId: r.message_id, job: r.job }));
  }
}
