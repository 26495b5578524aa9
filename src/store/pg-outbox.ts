import type { Db } from './db/database.js';
import type { Outbox, OutboxState } from './outbox.js';

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
}
