import { sql } from 'kysely';
import { recordMailSent, type SentMail } from './case-opening.js';
import type { Db } from './db/database.js';
import { toPgJson } from './db/pg-json.js';
import type { Outbox, OutboxState, UnsentMail } from './outbox.js';

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

  async claim(messageId: string, fields: Record<string, string>): Promise<'sent' | 'claimed'> {
    const row = await this.db
      .insertInto('outbox')
      .values({
        message_id: messageId,
        state: 'pending',
        fields: toPgJson(fields),
        created_at: this.now(),
      })
      .onConflict((oc) =>
        oc.column('message_id').doUpdateSet({
          state: sql<OutboxState>`case when outbox.state = 'sent' then 'sent' else 'pending' end`,
        }),
      )
      .returning('state')
      .executeTakeFirstOrThrow();
    return row.state === 'sent' ? 'sent' : 'claimed';
  }

  async recordSent(mail: SentMail): Promise<{ firstAck: boolean }> {
    return recordMailSent(this.db, mail);
  }

  async suppress(messageId: string): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ state: 'suppressed', job: null })
      .where('message_id', '=', messageId)
      .where('state', '=', 'queued')
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
      .where('state', 'in', ['queued', 'pending'])
      .where('job', 'is not', null)
      .where('created_at', '<', new Date(this.now().getTime() - ageMs))
      .orderBy('created_at')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map((r) => ({ messageId: r.message_id, job: r.job }));
  }
}
