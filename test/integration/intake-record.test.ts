import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/store/db/database.js';
import { PgIntake } from '../../src/store/pg-intake.js';
import { uniqueId } from '../helpers/local-stack.js';
import { createTestDatabase } from '../helpers/test-database.js';

// What keeps a mail out of the queue a second time once its ingest job is gone from Redis.
const id = uniqueId();
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase(`intake${id}`);
  db = openDatabase({ url: database.url, poolSize: 2 });
});
afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

const record = (jobId: string) => ({
  jobId,
  payload: { mailbox: 'box@x', mail: { messageId: `<${jobId}@x>` } },
});

describe('intake records', () => {
  it('names new and still open mails as to be queued, and not a mail already handled', async () => {
    const intake = new PgIntake(db, () => new Date('2026-12-02T10:00:00Z'));
    expect(await intake.recordAll([record('a'), record('b')])).toEqual(new Set(['a', 'b']));
    await intake.finish('a');
    // Taken from the INBOX again (the process died before moving them), with one new mail.
    expect(await intake.recordAll([record('a'), record('b'), record('c')])).toEqual(new Set(['b', 'c']));
    const rows = await db.selectFrom('intake').select(['job_id', 'state']).orderBy('job_id').execute();
    expect(rows).toEqual([
      { job_id: 'a', state: 'done' },
      { job_id: 'b', state: 'pending' },
      { job_id: 'c', state: 'pending' },
    ]);
  });
});
