import type { Db } from './db/database.js';
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
        fields: JSON.stringify(fields),
        job: JSON.stringify(job),
        created_at: this.now(),
      })
      .onConflict((oc) => oc.column('message_id').doNothing())
      .execute();
  }

  async markPending(messageId: string, fields: Record<string, string>): Promise<void> {
    const json = JSON.stringify(fields);
    await this.db
      .insertInto('outbox')
      .values({ message_id: messageId, state: 'pending', fields: json, created_at: this.now() })
      .onConflict((oc) => oc.column('message_id').doUpdateSet({ state: 'pending', fields: json }))
      .execute();
  }

  async markSent(messageId: string, at: Date): Promise<void> {
    // An entry is made pending before sending; the upsert only guards a mail sent without one.
    await this.db
      .insertInto('outbox')
      .values({ message_id: messageId, state: 'sent', fields: '{}', created_at: at, sent_at: at })
      .onConflict((oc) => oc.column('message_id').doUpdateSet({ state: 'sent', sent_at: at }))
      .execute();
  }

  async markFailed(messageId: string): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ state: 'failed' })
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
