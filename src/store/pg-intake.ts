import { sql } from 'kysely';
import type { Db } from './db/database.js';
import { toPgJson } from './db/pg-json.js';

/** What an intake record needs to know of its ingest job's data. */
export interface IngestRecordPayload {
  mailbox: string;
  mail: { messageId: string };
}

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

  /**
   * Records one fetched group of mails in one statement and returns the job IDs still to run:
   * new records and open ones. A mail seen again (a poller that died before moving it) keeps
   * its record; one already closed (handled before the process died) is not returned, and its
   * mail is not queued again.
   */
  async recordAll(items: { jobId: string; payload: IngestRecordPayload }[]): Promise<Set<string>> {
    if (items.length === 0) return new Set();
    const at = this.now();
    const open = await this.db
      .insertInto('intake')
      .values(
        items.map((i) => ({
          job_id: i.jobId,
          mailbox: i.payload.mailbox,
          message_id: i.payload.mail.messageId,
          payload: toPgJson(i.payload),
          state: 'pending' as const,
          received_at: at,
        })),
      )
      // An open record is "updated" to itself only so that RETURNING names it; a closed one is left alone.
      .onConflict((oc) =>
        oc.column('job_id').doUpdateSet({ state: sql`intake.state` }).where('intake.state', '=', 'pending'),
      )
      .returning('job_id')
      .execute();
    return new Set(open.map((r) => r.job_id));
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
