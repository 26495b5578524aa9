import { sql } from 'kysely';
import type { Db } from './db/database.js';
import type { QuotaStore, Reservation } from './quota-store.js';

/** The quota ledger in PostgreSQL: one row per accepted request, kept for reports. */
export class PgQuotaStore implements QuotaStore {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  async count(policyId: string, accountId: string, month: string, exceptRequest?: string): Promise<number> {
    let query = this.db
      .selectFrom('quota_reservations')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('policy', '=', policyId)
      .where('account_id', '=', accountId)
      .where('month', '=', month);
    if (exceptRequest !== undefined) query = query.where('message_id', '!=', exceptRequest);
    const row = await query.executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async reserve(
    policyId: string,
    accountId: string,
    month: string,
    requestId: string,
    limit: number,
  ): Promise<Reservation> {
    return this.db.transaction().execute(async (tx) => {
      // One account-month at a time: two workers must not both take the last slot. The lock
      // key is a hash of the (parameter-bound) ledger key, released at commit.
      await sql`select pg_advisory_xact_lock(hashtextextended(${`quota|${policyId}|${accountId}|${month}`}, 0))`.execute(
        tx,
      );
      const row = await tx
        .selectFrom('quota_reservations')
        .select((eb) => [
          eb.fn.countAll<string>().as('n'),
          eb.fn.count<string>('message_id').filterWhere('message_id', '=', requestId).as('mine'),
        ])
        .where('policy', '=', policyId)
        .where('account_id', '=', accountId)
        .where('month', '=', month)
        .executeTakeFirstOrThrow();
      const n = Number(row.n);
      if (Number(row.mine) > 0) return { admitted: true, count: n };
      if (n >= limit) return { admitted: false, count: n };
      await tx
        .insertInto('quota_reservations')
        .values({
          policy: policyId,
          account_id: accountId,
          month,
          message_id: requestId,
          reserved_at: this.now(),
        })
        .execute();
      return { admitted: true, count: n + 1 };
    });
  }

  async release(policyId: string, accountId: string, month: string, requestId: string): Promise<void> {
    await this.db
      .deleteFrom('quota_reservations')
      .where('policy', '=', policyId)
      .where('account_id', '=', accountId)
      .where('month', '=', month)
      .where('message_id', '=', requestId)
      .execute();
  }
}
