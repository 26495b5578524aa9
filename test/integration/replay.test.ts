import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadEverything } from '../../src/config/load-everything.js';
import { type Daemon, startDaemon } from '../../src/main.js';
import type { ReplayReport } from '../../src/ops/replay-mail.js';
import { readFolder, STACK, sendMail, waitForMail, withImap } from '../helpers/local-stack.js';
import { caseIdIn, historyOf, replyTo, sleep } from '../helpers/scenario-assertions.js';
import {
  deleteKeys,
  type PreparedStack,
  prepareTestStack,
  startTestDaemon,
  type TestDaemon,
  testStores,
} from '../helpers/test-daemon.js';

const run = promisify(execFile);

/** The UIDs in one of a mailbox's folders, oldest first. */
async function uidsIn(address: string, folder: string): Promise<number[]> {
  return withImap(address, async (client) => {
    const lock = await client.getMailboxLock(folder);
    try {
      const found = await client.search({ all: true }, { uid: true });
      return (Array.isArray(found) ? found : []).sort((a, b) => a - b);
    } finally {
      lock.release();
    }
  });
}

// A mail quarantined because of a config limit, replayed once the operator lifted the limit:
// one answer and one case, however often it is replayed; --force answers once more.
describe('replay of a quarantined mail after the config is fixed', () => {
  let d: TestDaemon;
  let fixedConfig: string;
  let fixed: Daemon | undefined;
  const replay = async (config: string, ...args: string[]) => {
    try {
      const { stdout } = await run(
        process.execPath,
        ['--import', 'tsx', 'src/cli.ts', 'replay', ...args, '--json', '-c', config],
        {
          env: { ...process.env, DATABASE_URL: d.databaseUrl },
          timeout: 60_000,
        },
      );
      return { code: 0, report: JSON.parse(stdout) as ReplayReport, stderr: '' };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return {
        code: e.code,
        report: e.stdout.trim() ? (JSON.parse(e.stdout) as ReplayReport) : undefined,
        stderr: e.stderr,
      };
    }
  };

  beforeAll(async () => {
    d = await startTestDaemon({ maxMessageBytes: 20_000 });
    // The operator's fix: the limit back at its default.
    fixedConfig = d.configFile.replace(/config\.yaml$/, 'fixed.yaml');
    writeFileSync(
      fixedConfig,
      readFileSync(d.configFile, 'utf8').replace(/^ {2}maxMessageBytes: 20000\n/m, ''),
    );
  });
  afterAll(async () => {
    await fixed?.stop();
    await d.dispose();
  });

  it('answers once, replays idempotently, and --force answers once more to the same address', async () => {
    const mailbox = d.addresses.mailbox.perfana;
    const customer = d.addresses.customer;
    const runLog = Buffer.from('12:00:01 step 1 ok\n'.repeat(2500));
    const messageId = await sendMail({
      from: customer,
      to: mailbox,
      subject: 'Load test results missing',
      text: "The results of last night's load test are missing; the run's log is attached.",
      attachments: [{ filename: 'run.log', content: runLog, contentType: 'text/plain' }],
    });
    await waitForMail(mailbox, (m) => m.messageId === messageId, { folder: 'Quarantine' });
    const [uid] = await uidsIn(mailbox, 'Quarantine');
    if (uid === undefined) throw new Error('nothing in Quarantine');

    // What the operator can get wrong is refused, and says why.
    const unknown = await replay(
      d.configFile,
      '--mailbox',
      'nobody@example.test',
      '--folder',
      'Quarantine',
      '--uid',
      String(uid),
    );
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/nobody@example.test is not a configured mailbox/);
    const inbox = await replay(d.configFile, '--mailbox', mailbox, '--folder', 'INBOX', '--uid', String(uid));
    expect(inbox.code).toBe(2);
    expect(inbox.stderr).toMatch(/"INBOX" is not one of Quarantine, Processed/);
    const missing = await replay(
      d.configFile,
      '--mailbox',
      mailbox,
      '--folder',
      'Quarantine',
      '--uid',
      '99999',
    );
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no mail with UID 99999 in Quarantine/);
    // Under the config that quarantined it, it is still too big: nothing is enqueued.
    const still = await replay(
      d.configFile,
      '--mailbox',
      mailbox,
      '--folder',
      'Quarantine',
      '--uid',
      String(uid),
    );
    expect(still.code).toBe(1);
    expect(still.report).toMatchObject({ status: 'refused', nowIn: 'Quarantine' });
    expect(still.report?.message).toMatch(/exceeds the 20000-byte limit/);

    // With the fix but no daemon running: enqueued, and the operator is told nobody took it.
    await d.stop();
    const queued = await replay(
      fixedConfig,
      '--mailbox',
      mailbox,
      '--folder',
      'Quarantine',
      '--uid',
      String(uid),
      '--timeout',
      '3',
    );
    expect(queued.code).toBe(3);
    expect(queued.report).toMatchObject({ status: 'pending', nowIn: 'Quarantine' });
    expect(queued.report?.message).toMatch(
      /no worker picked the ingest job up in time \(no daemon worker is connected/,
    );

    // A daemon on the fixed config runs the queued job; the same replay again reports it and moves the mail.
    fixed = await startDaemon({
      ...loadEverything(fixedConfig),
      roles: ['poller', 'worker'],
      logger: pino({ level: 'warn' }),
    });
    const answer = await replyTo(customer, messageId);
    const caseId = caseIdIn('PERF', answer.subject);
    const done = await replay(
      fixedConfig,
      '--mailbox',
      mailbox,
      '--folder',
      'Quarantine',
      '--uid',
      String(uid),
    );
    expect(done.code).toBe(0);
    expect(done.report).toMatchObject({
      status: 'done',
      caseId,
      nowIn: 'Processed',
      jobId: queued.report?.jobId,
    });
    expect(done.report?.result).toBe(`accept ${caseId}`);
    expect(await uidsIn(mailbox, 'Quarantine')).toEqual([]);
    const [processedUid] = await uidsIn(mailbox, 'Processed');
    if (processedUid === undefined) throw new Error('not moved to Processed');
    // The engineers' notice carries the customer's file, read from the replayed raw mail.
    const [notice] = await waitForMail(d.addresses.engineer, (m) =>
      (m.subject ?? '').includes(`[${caseId}]`),
    );
    expect(notice?.attachments.map((a) => [a.filename, a.content.equals(runLog)])).toEqual([
      ['run.log', true],
    ]);

    // Replayed again from Processed (a new job, the pipeline runs again): no second answer, no second case.
    const again = await replay(
      fixedConfig,
      '--mailbox',
      mailbox,
      '--folder',
      'Processed',
      '--uid',
      String(processedUid),
    );
    expect(again.report).toMatchObject({
      status: 'done',
      caseId,
      result: `accept ${caseId}`,
      nowIn: 'Processed',
    });
    expect(again.report?.jobId).not.toBe(done.report?.jobId);
    await sleep(5000);
    const answers = (await readFolder(customer)).filter((m) => m.inReplyTo === messageId);
    expect(answers).toHaveLength(1);
    expect(await d.caseSequence('PERF')).toBe(1);

    // --force: one more answer with a Message-ID of its own, to the same address; still one case.
    const forced = await replay(
      fixedConfig,
      '--mailbox',
      mailbox,
      '--folder',
      'Processed',
      '--uid',
      String(processedUid),
      '--force',
    );
    expect(forced.report).toMatchObject({ status: 'done', caseId, force: true });
    const both = await waitForMail(customer, (m) => m.inReplyTo === messageId, { count: 2 });
    expect(both).toHaveLength(2);
    expect(new Set(both.map((m) => m.messageId)).size).toBe(2);
    expect(both.map((m) => (m.to && !Array.isArray(m.to) ? m.to.text : ''))).toEqual([customer, customer]);
    expect(await d.caseSequence('PERF')).toBe(1);
    await sleep(3000);
    expect((await readFolder(customer)).filter((m) => m.inReplyTo === messageId)).toHaveLength(2);
    // Only the customer's answer is sent again: the engineers got one notice.
    expect(
      (await readFolder(d.addresses.engineer)).filter((m) => (m.subject ?? '').includes(`[${caseId}]`)),
    ).toHaveLength(1);

    const history = await historyOf(d, caseId);
    expect(history.filter((h) => h.event === 'replayed').map((h) => h.detail)).toEqual([
      `operator replay of Quarantine UID ${uid}: accept ${caseId}`,
      `operator replay of Processed UID ${processedUid}: accept ${caseId}`,
      `operator replay of Processed UID ${processedUid} (--force): accept ${caseId}`,
    ]);
    // Each replay job had its intake record (PostgreSQL), closed by its own pipeline run.
    const intake = await d.db
      .selectFrom('intake')
      .select(['job_id', 'state'])
      .where('job_id', 'like', 'replay-%')
      .orderBy('received_at')
      .execute();
    expect(intake).toEqual(
      [done.report?.jobId, again.report?.jobId, forced.report?.jobId].map((id) => ({
        job_id: id,
        state: 'done',
      })),
    );
    const log = (await d.mailLog()).filter((e) => e.outcome.startsWith('replay'));
    expect(log.map((e) => e.outcome)).toEqual([
      'replay-refused',
      'replay-pending',
      'replayed',
      'replayed',
      'replayed',
    ]);
  }, 300_000);
});

// Quarantined by the pipeline (triage's decide-time budget): the raw mail is in Processed and
// nobody was answered. Replayed from Processed once the budget is sane: one answer, one case.
describe('replay of a mail the pipeline quarantined', () => {
  let stack: PreparedStack;
  let stores: ReturnType<typeof testStores>;
  let daemon: Daemon | undefined;
  let fixedConfig: string;
  const start = async (config: string) => {
    daemon = await startDaemon({
      ...loadEverything(config),
      roles: ['poller', 'worker'],
      logger: pino({ level: 'warn' }),
    });
  };
  const replay = async (...args: string[]): Promise<ReplayReport> => {
    const cli = [
      process.execPath,
      '--import',
      'tsx',
      'src/cli.ts',
      'replay',
      ...args,
      '--json',
      '-c',
      fixedConfig,
    ];
    const { stdout } = await run(cli[0] ?? '', cli.slice(1), {
      env: { ...process.env, DATABASE_URL: stack.databaseUrl },
      timeout: 60_000,
    }).catch((err: { stdout: string }) => err);
    return JSON.parse(stdout) as ReplayReport;
  };

  beforeAll(async () => {
    stack = await prepareTestStack();
    process.env.IMAP_PASSWORD = STACK.password;
    stores = testStores(stack.databaseUrl);
    const text = readFileSync(stack.configFile, 'utf8');
    const worker = /^worker: \{ (.*) \}$/m;
    expect(text).toMatch(worker);
    // The fault: a budget no decision meets (1 ms; every decision takes longer on a long text).
    writeFileSync(stack.configFile, text.replace(worker, 'worker: { $1, decideBudgetMs: 1 }'));
    fixedConfig = stack.configFile.replace(/config\.yaml$/, 'fixed.yaml');
    writeFileSync(fixedConfig, text);
    await start(stack.configFile);
  });
  afterAll(async () => {
    await daemon?.stop();
    const redis = new Redis(STACK.redisUrl);
    await deleteKeys(redis, `{t-${stack.id}}:*`);
    await redis.quit();
    await stores.db.destroy();
    await stack.dropDatabase();
  });

  it('answers once after the budget is fixed, and a second replay sends nothing', async () => {
    const mailbox = stack.addresses.mailbox.fastnetmon;
    const customer = stack.addresses.customer;
    const messageId = await sendMail({
      from: customer,
      to: mailbox,
      subject: 'Detection stopped on all hostgroups',
      text: `FastNetMon stopped detecting attacks on every hostgroup after the upgrade.\n${'traffic sample 10.0.0.1 -> 10.0.0.2 udp 53 '.repeat(1500)}`,
    });
    await waitForMail(
      stack.addresses.ops,
      (m) => /^\[quarantine\].*over the 1 ms budget/.test(m.subject ?? ''),
      {
        timeoutMs: 30_000,
      },
    );
    const [uid] = await uidsIn(mailbox, 'Processed');
    if (uid === undefined) throw new Error('nothing in Processed');
    expect((await readFolder(customer)).filter((m) => m.inReplyTo === messageId)).toHaveLength(0);

    // Replayed before the fix: quarantined again, still no answer.
    const early = await replay('--mailbox', mailbox, '--folder', 'Processed', '--uid', String(uid));
    expect(early).toMatchObject({ status: 'quarantined', nowIn: 'Processed' });
    expect(early.result).toMatch(/over the 1 ms budget/);

    // After the fix the same plain replay runs again (its first run was quarantined).
    await daemon?.stop();
    await start(fixedConfig);
    const first = await replay('--mailbox', mailbox, '--folder', 'Processed', '--uid', String(uid));
    expect(first.jobId).toBe(early.jobId);
    expect(first).toMatchObject({ status: 'done', nowIn: 'Processed', messageId });
    const answer = await replyTo(customer, messageId);
    const caseId = caseIdIn('FNM', answer.subject);
    expect(first.caseId).toBe(caseId);

    const second = await replay('--mailbox', mailbox, '--folder', 'Processed', '--uid', String(uid));
    expect(second).toMatchObject({ status: 'done', caseId, jobId: first.jobId });
    await sleep(5000);
    expect((await readFolder(customer)).filter((m) => m.inReplyTo === messageId)).toHaveLength(1);
    expect(await stores.caseSequence('FNM')).toBe(1);
  }, 180_000);
});
