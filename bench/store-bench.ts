// What one case costs in PostgreSQL: statements per pipeline step and bytes on disk.
// Usage: npx tsx bench/store-bench.ts [N]   (needs the PostgreSQL of `scripts/stack up`)
// Works in a database of its own (a copy of the migrated template), dropped at the end.
import { sql } from 'kysely';
import type { NewCase } from '../src/store/case-store.js';
import { openDatabase } from '../src/store/db/database.js';
import { PgCaseStore } from '../src/store/pg-case-store.js';
import { PgIntake } from '../src/store/pg-intake.js';
import { PgOutbox } from '../src/store/pg-outbox.js';
import { PgQuotaStore } from '../src/store/pg-quota-store.js';
import { createTestDatabase } from '../test/helpers/test-database.js';

const N = Number(process.argv[2] ?? 1000);
const database = await createTestDatabase(`bench${Date.now().toString(36)}`);
let statements = 0;
const db = openDatabase({ url: database.url, poolSize: 10, onStatement: () => statements++ });
const cases = new PgCaseStore(db);
const quota = new PgQuotaStore(db, () => new Date());
const outbox = new PgOutbox(db, () => new Date());
const intake = new PgIntake(db, () => new Date());

// A Netop-sized case: plan snapshot, two targets, a reasoned decision, the customer's first lines.
const snapshot = JSON.stringify({
  policy: 'netop',
  plan: { id: 'gold', name: 'Gold', calendar: 'office' },
  severities: {
    normal: {
      firstResponse: { amount: 4, unit: 'businessHours' },
      resolution1: { amount: 3, unit: 'businessDays' },
    },
  },
});
const fields = (i: number, at: Date): NewCase => ({
  policy: 'netop',
  accountId: `acct-${i % 50}`,
  customerEmail: `customer-${i % 200}@example.test`,
  customerName: 'Casey Customer',
  status: 'new',
  severity: 'normal',
  planId: 'gold',
  subject: `Remote session ${i} drops after a minute`,
  messageId: `<bench-${i}@example.test>`,
  createdAt: at.toISOString(),
  snapshot,
  targets: JSON.stringify([
    {
      name: 'firstResponse',
      calendar: 'office',
      amount: 4,
      unit: 'businessHours',
      businessMs: 14400000,
      warnMs: 11520000,
      paused: false,
      due: new Date(at.getTime() + 4 * 3600_000).toISOString(),
      warnAt: new Date(at.getTime() + 3.2 * 3600_000).toISOString(),
    },
    {
      name: 'resolution1',
      calendar: 'office',
      amount: 3,
      unit: 'businessDays',
      businessMs: 86400000,
      warnMs: 69120000,
      paused: false,
      due: new Date(at.getTime() + 72 * 3600_000).toISOString(),
      warnAt: new Date(at.getTime() + 57.6 * 3600_000).toISOString(),
    },
  ]),
  decision: 'accepted: known contact of acct under plan gold, severity normal from the subject',
  pauses: '[]',
  billing: JSON.stringify({ kind: 'plan', plan: 'gold' }),
  language: 'en',
  lastCustomerText:
    'Session to the lab machine drops after a minute. Licence NTP1-ACME-7788-2026.\nRegards, Casey',
  level: 'first-level',
  priority: '0',
});

const perStep: Record<string, number> = {};
async function step(name: string, fn: () => Promise<unknown>): Promise<void> {
  const before = statements;
  await fn();
  perStep[name] = (perStep[name] ?? 0) + statements - before;
}

const started = Date.now();
for (let i = 0; i < N; i++) {
  const at = new Date(Date.UTC(2026, 2, 2, 9) + i * 60_000);
  const request = `<bench-${i}@example.test>`;
  const account = `acct-${i % 50}`;
  let id = '';
  // poller: the intake record, before the mail leaves the INBOX
  const jobId = `bench@example.test-1-${i}`;
  await step('poller: intake record', () =>
    intake.recordAll([{ jobId, payload: { mailbox: 'bench@example.test', mail: { messageId: request } } }]),
  );
  // triage: the facts (the month's quota count), then the case with everything it commits with
  await step('triage: facts (quota count)', () => quota.count('netop', account, '2026-03', request));
  await step('triage: open case (quota, case, targets, index, history, 2 outbox rows, intake)', async () => {
    const token = 'CASE-bench';
    const opened = await cases.open({
      casePrefix: 'BENCH',
      fields: fields(i, at),
      history: [{ event: 'created', detail: 'accept: plan gold' }],
      quota: { policy: 'netop', accountId: account, month: '2026-03', requestId: request, limit: 1_000_000 },
      token,
      intakeJobId: jobId,
      mails: ['ack', 'newCaseNotice'].map((template) => ({
        messageId: `<${token}.${template}.${i}@example.test>`,
        fields: { template, to: 'x@example.test', subject: `[${token}] x`, caseId: token },
        job: { data: { template, caseId: token }, order: 0 },
      })),
    });
    if (!opened.admitted) throw new Error('quota refused');
    id = opened.caseId;
  });
  // notify: the acknowledgement and the engineers' notice, two statements each
  for (const template of ['ack', 'newCaseNotice']) {
    const messageId = `<${id}.${template}.${i}@example.test>`;
    await step(`notify: ${template} (claim, then sent + case bookkeeping)`, async () => {
      await outbox.claim(messageId, { template, to: 'x@example.test', subject: 'x', caseId: id }, 'bench');
      await outbox.recordSent({
        messageId,
        at: new Date(),
        caseId: id,
        ...(template === 'ack' ? { purpose: 'acknowledgement' } : {}),
        firstResponseMetByAck: true,
        historyDetail: `${template} to x@example.test`,
      });
    });
  }
}
const seconds = (Date.now() - started) / 1000;

await sql`vacuum analyze`.execute(db);
const sizes = await sql<{ table: string; bytes: string }>`
  select relname as table, pg_total_relation_size(relid)::text as bytes
  from pg_stat_user_tables where schemaname = 'public' and relname not like 'kysely%' order by relname`.execute(
  db,
);
const total = sizes.rows.reduce((sum, r) => sum + Number(r.bytes), 0);
// On-disk sizes include indexes, free space and the dead versions the updates leave behind
// until autovacuum reuses them; the live rows alone are the floor.
const live = await sql<{ bytes: string }>`
  select (
    (select coalesce(sum(pg_column_size(c.*)), 0) from cases c) +
    (select coalesce(sum(pg_column_size(h.*)), 0) from case_history h) +
    (select coalesce(sum(pg_column_size(t.*)), 0) from case_targets t) +
    (select coalesce(sum(pg_column_size(m.*)), 0) from message_index m) +
    (select coalesce(sum(pg_column_size(o.*)), 0) from outbox o) +
    (select coalesce(sum(pg_column_size(q.*)), 0) from quota_reservations q) +
    (select coalesce(sum(pg_column_size(i.*)), 0) from intake i)
  )::text as bytes`.execute(db);
console.log(
  JSON.stringify(
    {
      cases: N,
      statementsPerCase: Object.fromEntries(Object.entries(perStep).map(([k, v]) => [k, v / N])),
      totalStatementsPerCase: Object.values(perStep).reduce((a, b) => a + b, 0) / N,
      casesPerSecondSequential: Math.round((N / seconds) * 10) / 10,
      bytesPerCaseOnDisk: Math.round(total / N),
      liveRowBytesPerCase: Math.round(Number(live.rows[0]?.bytes ?? 0) / N),
      bytesPerCaseByTable: Object.fromEntries(
        sizes.rows.map((r) => [r.table, Math.round(Number(r.bytes) / N)]),
      ),
    },
    null,
    2,
  ),
);
await db.destroy();
await database.drop();
