import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewCase } from '../../src/store/case-store.js';
import { type Db, migrateDatabase, openDatabase } from '../../src/store/db/database.js';
import { PgCaseStore } from '../../src/store/pg-case-store.js';
import { PgQuotaStore } from '../../src/store/pg-quota-store.js';
import { sendMail } from '../helpers/local-stack.js';
import { replyTo } from '../helpers/scenario-assertions.js';
import { liveTimers } from '../helpers/sla-timers.js';
import { deleteKeys, startTestDaemon, type TestDaemon } from '../helpers/test-daemon.js';
import { createTestDatabase } from '../helpers/test-database.js';

const run = promisify(execFile);

const newCase = (messageId: string, over: Partial<NewCase> = {}): NewCase => ({
  policy: 'netop',
  accountId: 'acme',
  customerEmail: 'casey@example.test',
  customerName: 'Casey',
  status: 'new',
  severity: 'normal',
  planId: 'gold',
  subject: 'Session drops',
  messageId,
  createdAt: '2026-03-02T09:00:00.000Z',
  snapshot: JSON.stringify({ plan: 'gold' }),
  targets: JSON.stringify([
    {
      name: 'firstResponse',
      calendar: 'office',
      due: '2026-03-02T13:00:00.000Z',
      warnAt: '2026-03-02T12:00:00.000Z',
    },
    {
      name: 'resolution1',
      calendar: 'office',
      due: '2026-03-04T09:00:00.000Z',
      warnAt: '2026-03-03T15:00:00.000Z',
    },
  ]),
  decision: 'accepted under gold',
  pauses: '[]',
  billing: JSON.stringify({ kind: 'plan' }),
  language: 'en',
  priority: '0',
  ...over,
});

describe('PostgreSQL stores', () => {
  let db: Db;
  let drop: () => Promise<void>;
  beforeAll(async () => {
    const created = await createTestDatabase(`store${Date.now().toString(36)}`);
    drop = created.drop;
    db = openDatabase({ url: created.url, poolSize: 10 });
    // The template is migrated; a second run must find nothing to do.
    expect((await migrateDatabase(db)).applied).toEqual([]);
  });
  afterAll(async () => {
    await db.destroy();
    await drop();
  });

  it('creates a case once per Message-ID under concurrency, numbers without gaps or reuse', async () => {
    const cases = new PgCaseStore(db);
    const same = await Promise.all(
      Array.from({ length: 10 }, () =>
        cases.create('SEQ', newCase('<same@example.test>'), [{ event: 'created', detail: 'x' }]),
      ),
    );
    expect(new Set(same.map((r) => r.id))).toEqual(new Set(['SEQ-1']));
    expect(same.filter((r) => r.created)).toHaveLength(1);
    expect((await cases.history('SEQ-1')).map((h) => h.event)).toEqual(['created']);

    const distinct = await Promise.all(
      Array.from({ length: 10 }, (_, i) => cases.create('SEQ', newCase(`<m${i}@example.test>`))),
    );
    expect(distinct.map((r) => r.id).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `SEQ-${i + 2}`).sort(),
    );
    expect(await cases.caseForMessages(['<unknown@x>', '<m3@example.test>'])).toBe(distinct[3]?.id);
  });

  it('reads back the record the pipeline wrote: targets, pauses, marks and once-only events', async () => {
    const cases = new PgCaseStore(db);
    const { id } = await cases.create(
      'REC',
      newCase('<rec@example.test>', {
        status: 'waiting',
        pauses: JSON.stringify([{ from: '2026-03-02T09:00:00.000Z' }]),
      }),
    );
    await cases.update(id, {
      pauses: JSON.stringify([{ from: '2026-03-02T09:00:00.000Z', to: '2026-03-02T10:30:00.000Z' }]),
      resolvedAt: '2026-03-03T08:00:00.000Z',
      'met.firstResponse': '2026-03-02T09:05:00.000Z',
      assignee: 'eng@example.test',
    });
    expect(await cases.setOnce(id, 'breach.resolution1', '2026-03-04T09:00:00.000Z')).toBe(true);
    expect(await cases.setOnce(id, 'breach.resolution1', '2026-03-04T09:01:00.000Z')).toBe(false);
    expect(await cases.setOnce(id, 'ackSentAt', '2026-03-02T09:01:00.000Z')).toBe(true);
    expect(await cases.setOnce(id, 'ackSentAt', '2026-03-02T09:02:00.000Z')).toBe(false);
    expect(await cases.nextSlaVersion(id)).toBe(1);
    expect(await cases.nextSlaVersion(id)).toBe(2);
    await cases.setStatus(id, 'waiting', 'resolved');
    const record = await cases.get(id);
    expect(record).toMatchObject({
      id,
      status: 'resolved',
      createdAt: '2026-03-02T09:00:00.000Z',
      resolvedAt: '2026-03-03T08:00:00.000Z',
      ackSentAt: '2026-03-02T09:01:00.000Z',
      assignee: 'eng@example.test',
      slaVersion: '2',
      'met.firstResponse': '2026-03-02T09:05:00.000Z',
      'breach.resolution1': '2026-03-04T09:00:00.000Z',
    });
    expect(JSON.parse(record?.pauses ?? '')).toEqual([
      { from: '2026-03-02T09:00:00.000Z', to: '2026-03-02T10:30:00.000Z' },
    ]);
    expect(JSON.parse(record?.targets ?? '')).toHaveLength(2);
    await expect(cases.update(id, { nonsense: 'x' })).rejects.toThrow(/no such case field "nonsense"/);
    // The metrics' one read of open cases sees it no more, and does see the open ones.
    const open = await cases.summaries(['new', 'acknowledged', 'in-progress', 'waiting']);
    expect(open.map((c) => c.id)).not.toContain(id);
    expect(open.find((c) => c.id === 'SEQ-1')).toEqual({
      id: 'SEQ-1',
      policy: 'netop',
      status: 'new',
      createdAt: '2026-03-02T09:00:00.000Z',
    });
  });

  it('admits exactly the quota under concurrent reservations, and counts a retried request once', async () => {
    const quota = new PgQuotaStore(db, () => new Date());
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => quota.reserve('netop', 'acme', '2026-03', `<q${i}@x>`, 5)),
    );
    expect(results.filter((r) => r.admitted)).toHaveLength(5);
    expect(await quota.count('netop', 'acme', '2026-03')).toBe(5);
    const admittedIndex = results.findIndex((r) => r.admitted);
    expect(await quota.reserve('netop', 'acme', '2026-03', `<q${admittedIndex}@x>`, 5)).toEqual({
      admitted: true,
      count: 5,
    });
    expect(await quota.reserve('netop', 'acme', '2026-03', '<zero@x>', 0)).toEqual({
      admitted: false,
      count: 5,
    });
  });
});

describe('a Redis wipe, and the SLA report of what PostgreSQL kept', () => {
  let d: TestDaemon;
  beforeAll(async () => {
    d = await startTestDaemon({ http: true });
  });
  afterAll(async () => {
    await d.dispose();
  });

  it('loses no case and never hands out a case ID again', async () => {
    const first = await sendMail({
      from: d.addresses.customer,
      to: d.addresses.mailbox.fastnetmon,
      subject: 'fcli crashes when listing hostgroups',
      text: 'fcli show hostgroups segfaults on FastNetMon Advanced 1.2.8.',
    });
    const firstAck = await replyTo(d.addresses.customer, first);
    const firstId = /\[(FNM-\d+)\]/.exec(firstAck.subject ?? '')?.[1] ?? '';
    expect(firstId).toBe('FNM-1');

    // Everything this test's daemon keeps in Redis goes (only its own prefix: Redis is shared).
    await d.stop();
    await deleteKeys(d.redis, `{${d.prefix}}:*`);
    expect(await d.redis.keys(`{${d.prefix}}:*`)).toEqual([]);
    await d.restart();
    // The open case's SLA timer went with Redis; the restarted worker queues it again, for the
    // first warning still to come (nothing fired yet: the earliest stored warning point).
    const sla = new Queue('sla', { connection: d.redis.duplicate(), prefix: `{${d.prefix}}:q` });
    try {
      const stored = JSON.parse((await d.cases.get(firstId))?.targets ?? '[]') as { warnAt: string | null }[];
      const earliest = stored
        .flatMap((t) => (t.warnAt ? [Date.parse(t.warnAt)] : []))
        .sort((a, b) => a - b)[0];
      await expect
        .poll(async () => (await liveTimers(sla, firstId)).map((j) => [j.data.version, j.data.dueAt]), {
          timeout: 10_000,
        })
        .toEqual([[1, new Date(earliest ?? 0).toISOString()]]);
    } finally {
      await sla.close();
    }

    const second = await sendMail({
      from: d.addresses.customer,
      to: d.addresses.mailbox.fastnetmon,
      subject: 'Traffic DB stops writing',
      text: 'The Traffic DB daemon stops writing flows after an hour. FastNetMon 1.2.8.',
    });
    const secondAck = await replyTo(d.addresses.customer, second);
    expect(secondAck.subject).toMatch(/\[FNM-2\]/);
    const kept = await d.cases.get(firstId);
    expect(kept).toMatchObject({
      id: firstId,
      messageId: first,
      subject: 'fcli crashes when listing hostgroups',
    });
    expect((await d.cases.history(firstId)).map((h) => h.event)).toContain('created');
    // A reply on the old thread still reaches the old case.
    expect(await d.cases.caseForMessages([firstAck.messageId ?? ''])).toBe(firstId);
  });

  it('reports first-response attainment of those cases as CSV, by command and over HTTP', async () => {
    const today = new Date().toISOString().slice(0, 10);
    const { stdout } = await run(
      'npx',
      [
        'tsx',
        'src/cli.ts',
        'report',
        'sla',
        '--from',
        today,
        '--to',
        today,
        '--by',
        'plan',
        '--format',
        'csv',
      ],
      { env: { ...process.env, DATABASE_URL: d.databaseUrl } },
    );
    const [header, row] = stdout.split('\r\n');
    expect(header?.split(',').slice(0, 4)).toEqual([
      'key',
      'cases',
      'firstResponse.met',
      'firstResponse.breached',
    ]);
    const cells = row?.split(',') ?? [];
    expect(cells[0]).toBe('fastnetmon/advanced');
    expect(cells[1]).toBe('2');
    // Every first-response target is met, breached or pending: together, the two cases.
    expect(Number(cells[2]) + Number(cells[3]) + Number(cells[4])).toBe(2);

    const url = `http://127.0.0.1:${d.httpPort}/reports/sla?from=${today}&to=${today}&by=plan`;
    const auth = { authorization: 'Bearer test-token' };
    const json = (await (await fetch(url, { headers: auth })).json()) as {
      by: string;
      rows: { key: string; cases: number }[];
    };
    expect(json.by).toBe('plan');
    expect(json.rows).toEqual([expect.objectContaining({ key: 'fastnetmon/advanced', cases: 2 })]);
    const csv = await fetch(url, { headers: { ...auth, accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(await csv.text()).toBe(stdout);
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(`${url}&by=team`, { headers: auth })).status).toBe(400);
  }, 60_000);
});
