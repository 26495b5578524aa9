import type { Db } from './db/database.js';
import { toPgJson } from './db/pg-json.js';

/** An unfinished mail, as the reconcile step needs it to queue its ingest job again. */
export interface PendingIntake {
  jobId: string;
  payload: unknown;
}

/**
 * The intake record of each mail taken from a mailbox. The poller writes it before the mail
 * leaves the INBOX and the pipeline closes it when the mail's last stage ends, so a mail is
 * never only in Redis: whatever Redis loses, the open records bring back.
 */
export class PgIntake {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date,
  ) {}

  /** Idempotent: the same mail seen again (a poller that died before moving it) keeps its record. */
  async record(jobId: string, mailbox: string, messageId: string, payload: unknown): Promise<void> {
    await this.db
      .insertInto('intake')
      .values({
        job_id: jobId,
        mailbox,
        message_id: messageId,
        payload: toPgJson(payload),
        state: 'pending',
        received_at: this.now(),
      })
      .onConflict((oc) => oc.column('job_id').doNothing())
      .execute();
  }

  async finish(jobId: string): Promise<void> {
    await this.db
      .updateTable('intake')
      // The job data (the mail's text, a staff mail's attachments) is needed only while open.
      .set({ state: 'done', finished_at: this.now(), payload: '{}' })
      .where('job_id', '=', jobId)
      .where('state', '=', 'pending')
      .execute();
  }

  /** Open records older than `ageMs`, oldest first, from the `offset`-th on. */
  async pending(ageMs: number, limit: number, offset = 0): Promise<PendingIntake[]> {
    const rows = await this.db
      .selectFrom('intake')
      .select(['job_id', 'payload'])
      .where('state', '=', 'pending')
      .where('received_at', '<', new Date(this.now().getTime() - ageMs))
      .orderBy('received_at')
      .limit(limit)
      .offset(offset)
      .execute();
    return rows.map((r) => ({ jobId: r.job_id, payload: r.payload }));
  }
}
