import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Db, openDatabase } from '../../src/store/db/database.js';
import { RedisKeys } from '../../src/store/keys.js';
import { PgMailLog } from '../../src/store/mail-log.js';
import { PgIntake } from '../../src/store/pg-intake.js';
import { PgOutbox } from '../../src/store/pg-outbox.js';
import { pruneIfOurTurn, pruneOnce } from '../../src/store/retention.js';
import { STACK, uniqueId } from '../helpers/local-stack.js';
import { deleteKeys } from '../helpers/test-daemon.js';
import { createTestDatabase } from '../helpers/test-database.js';

const NOW = new Date('2026-12-02T10:00:00.000Z');
const daysAgo = (days: number): Date => new Date(NOW.getTime() - days * 24 * 3600_000);
const settings = {
  mailLogDays: 400,
  sentOutboxDays: 90,
  closedIntakeDays: 30,
  batchRows: 3,
  intervalMinutes: 60,
};

const id = uniqueId();
let database: Awaited<ReturnType<typeof createTestDatabase>>;
let db: Db;

beforeAll(async () => {
  database = await createTestDatabase(`ret${id}`);
  db = openDatabase({ url: database.url, poolSize: 2 });
});
afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

async function seed(): Promise<void> {
  const log = new PgMailLog(db);
  // Seven old entries (more than two batches of three) and two recent ones, one a minute short.
  for (let i = 0; i < 7; i++)
    await log.append({ at: daysAgo(401 + i), outcome: 'robot', reason: 'old', messageId: `<old-${i}@x>` });
  await log.append({ at: daysAgo(399), outcome: 'robot', reason: 'recent', messageId: '<recent@x>' });
  await log.append({ at: new Date(daysAgo(400).getTime() + 60_000), outcome: 'declined', reason: 'edge' });
  // The outbox as the notify stage writes it: claimed before the send, then recorded sent.
  const sent = (messageId: string, at: Date) =>
    new PgOutbox(db, () => at).recordSent({ messageId, at, firstResponseMetByAck: false, historyDetail: '' });
  for (let i = 0; i < 5; i++) {
    await new PgOutbox(db, () => daysAgo(120)).claim(`<sent-old-${i}@x>`, { to: 'a@x' }, 'test');
    await sent(`<sent-old-${i}@x>`, daysAgo(91 + i));
  }
  await new PgOutbox(db, () => daysAgo(10)).claim('<sent-recent@x>', {}, 'test');
  await sent('<sent-recent@x>', daysAgo(89));
  // Never sent, however old: it stays (a mail that may still go out).
  await new PgOutbox(db, () => daysAgo(500)).claim('<pending-old@x>', { to: 'b@x' }, 'test');
  // Intake records: two closed long ago go, one closed recently and one still open stay.
  for (const [id, closedDaysAgo] of [
    ['old-1', 40],
    ['old-2', 31],
    ['recent', 29],
    ['open', -1],
  ] as const) {
    const intake = new PgIntake(db, () => daysAgo(Math.max(closedDaysAgo, 0) + 1));
    await intake.recordAll([{ jobId: id, payload: { mailbox: 'box@x', mail: { messageId: `<${id}@x>` } } }]);
    if (closedDaysAgo >= 0) await new PgIntake(db, () => daysAgo(closedDaysAgo)).finish(id);
  }
}

describe('retention of the mail log and the sent outbox', () => {
  it('deletes old mail log and sent outbox rows in batches and keeps recent and pending ones', async () => {
    await seed();
    const report = await pruneOnce(db, settings, NOW);
    expect(report).toEqual({ mailLog: 7, sentOutbox: 5, closedIntake: 2 });

    const log = await db.selectFrom('mail_log').select(['reason']).orderBy('id').execute();
    expect(log.map((r) => r.reason)).toEqual(['recent', 'edge']);
    const outbox = await db
      .selectFrom('outbox')
      .select(['message_id', 'state'])
      .orderBy('message_id')
      .execute();
    expect(outbox).toEqual([
      { message_id: '<pending-old@x>', state: 'pending' },
      { message_id: '<sent-recent@x>', state: 'sent' },
    ]);
    // The pending entry still says "not sent": the notify stage would send it.
    expect(await new PgOutbox(db, () => NOW).state('<pending-old@x>')).toBe('pending');

    // Nothing left to delete: a second run deletes nothing.
    const intake = await db.selectFrom('intake').select(['job_id', 'state']).orderBy('job_id').execute();
    expect(intake).toEqual([
      { job_id: 'open', state: 'pending' },
      { job_id: 'recent', state: 'done' },
    ]);
    expect(await pruneOnce(db, settings, NOW)).toEqual({ mailLog: 0, sentOutbox: 0, closedIntake: 0 });
  });

  it('drops what a finished mail no longer needs: the outbox job once sent, the intake payload once closed', async () => {
    const outbox = new PgOutbox(db, () => NOW);
    await outbox.queue('<bulky@x>', { to: 'c@x' }, { data: { attachments: ['base64…'] }, order: 0 });
    const before = await db
      .selectFrom('outbox')
      .select('job')
      .where('message_id', '=', '<bulky@x>')
      .executeTakeFirst();
    expect(before?.job).toEqual({ data: { attachments: ['base64…'] }, order: 0 });
    await outbox.claim('<bulky@x>', {}, 'test');
    await outbox.recordSent({
      messageId: '<bulky@x>',
      at: NOW,
      firstResponseMetByAck: false,
      historyDetail: '',
    });
    const after = await db
      .selectFrom('outbox')
      .select(['job', 'state'])
      .where('message_id', '=', '<bulky@x>')
      .executeTakeFirst();
    expect(after).toEqual({ job: null, state: 'sent' });

    const intake = new PgIntake(db, () => NOW);
    // The job data carries the mail's text; the record keeps it only while the mail is open.
    const payload = { mailbox: 'box@x', mail: { messageId: '<bulky-in@x>', text: 'long text' } };
    await intake.recordAll([{ jobId: 'bulky', payload }]);
    await intake.finish('bulky');
    const row = await db
      .selectFrom('intake')
      .select(['payload', 'state'])
      .where('job_id', '=', 'bulky')
      .executeTakeFirst();
    expect(row).toEqual({ payload: {}, state: 'done' });
  });

  it('0 days keeps everything', async () => {
    await new PgMailLog(db).append({ at: daysAgo(5000), outcome: 'robot', reason: 'ancient' });
    const report = await pruneOnce(
      db,
      { ...settings, mailLogDays: 0, sentOutboxDays: 0, closedIntakeDays: 0 },
      NOW,
    );
    expect(report).toEqual({ mailLog: 0, sentOutbox: 0, closedIntake: 0 });
    const ancient = await db.selectFrom('mail_log').select('id').where('reason', '=', 'ancient').execute();
    expect(ancient).toHaveLength(1);
  });

  it('runs in one process per interval: the second process finds the round taken', async () => {
    const redis = new Redis(STACK.redisUrl);
    const keys = new RedisKeys(`t-ret-${id}`);
    try {
      const deps = { db, redis, keys, settings, now: () => NOW, logger: pino({ level: 'silent' }) };
      const first = await pruneIfOurTurn(deps);
      const second = await pruneIfOurTurn(deps);
      // The 'ancient' entry of the previous test goes with the first run.
      expect(first).toEqual({ mailLog: 1, sentOutbox: 0, closedIntake: 0 });
      expect(second).toBeUndefined();
      const ttl = await redis.pttl(keys.retentionLease());
      expect(ttl).toBeGreaterThan(59 * 60_000);
    } finally {
      await deleteKeys(redis, `${keys.root}:*`);
      redis.disconnect();
    }
  });
});
