import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addressedCorpusMail, HOSTILE_CORPUS } from '../fixtures/mail/corpus.js';
import { startDaemonProcess } from '../helpers/daemon-process.js';
import { freePort } from '../helpers/free-port.js';
import { startHealthProbe, waitForHealth } from '../helpers/health-probe.js';
import { appendMail, countMessages, readFolder, STACK } from '../helpers/local-stack.js';
import { mailLogEntry, sleep } from '../helpers/scenario-assertions.js';
import { deleteKeys, type PreparedStack, prepareTestStack, testStores } from '../helpers/test-daemon.js';

// The whole hostile corpus, delivered into a running daemon's mailbox: nothing crashes it,
// every mail is answered, ignored with a reason or quarantined, and /health keeps answering
// while it works through them. The daemon runs as a process of its own, so
// that what the test itself does (building 25 MB mails, parsing what comes back) does not
// slow the answers it measures.

describe('the hostile corpus through a running daemon', () => {
  const redis = new Redis(STACK.redisUrl);
  let prepared: PreparedStack;
  let stores: ReturnType<typeof testStores>;
  let daemon: ChildProcess;
  let port = 0;
  beforeAll(async () => {
    port = await freePort();
    prepared = await prepareTestStack({ http: true, httpPort: port });
    stores = testStores(prepared.databaseUrl);
    daemon = startDaemonProcess(
      prepared.configFile,
      `${STACK.dir}/log/hostile-corpus-${prepared.id}.log`,
      { SI_TEST_API_TOKEN: 'test-token' },
      'source',
      'poller,worker,http',
    );
    await waitForHealth(`http://127.0.0.1:${port}/health`);
  }, 90_000);
  afterAll(async () => {
    if (daemon) {
      const exited = new Promise((r) => daemon.once('exit', r));
      daemon.kill('SIGTERM');
      await exited;
    }
    await deleteKeys(redis, `{t-${prepared?.id}}:*`);
    await redis.quit();
    await stores?.db.destroy();
    await prepared?.dropDatabase();
  });

  it('crashes nothing, leaves no mail without an outcome, and /health keeps answering throughout', async () => {
    const probe = startHealthProbe(`http://127.0.0.1:${port}/health`);
    const { id, addresses } = prepared;
    for (const hostile of HOSTILE_CORPUS) {
      await appendMail(
        addresses.mailbox.netop,
        addressedCorpusMail(
          hostile.raw(),
          { customer: addresses.customer, mailbox: addresses.mailbox.netop },
          hostile.name,
          id,
        ),
      );
    }
    const parsed = HOSTILE_CORPUS.filter((h) => h.expected === 'parsed');
    const unparseable = HOSTILE_CORPUS.length - parsed.length;
    const idOf = (name: string) => `<${name}-${id}@example.test>`;

    // Every parsed mail is answered (a reply threads to it) or in the mail log with a reason.
    const outcome = async (name: string): Promise<string | undefined> => {
      const entry = await mailLogEntry(stores, idOf(name));
      if (entry) return `${entry.outcome}: ${entry.reason}`;
      return undefined;
    };
    const deadline = Date.now() + 240_000;
    let pending: string[] = parsed.map((h) => h.name);
    while (Date.now() < deadline) {
      const answered = new Set((await readFolder(addresses.customer)).map((m) => m.inReplyTo ?? ''));
      // A mail without a Message-ID gets one made from its mailbox and UID.
      const answeredWithoutId = [...answered].some((id) => id.endsWith('@support-intake.invalid>'));
      const still: string[] = [];
      for (const name of pending) {
        if (answered.has(idOf(name))) continue;
        if (name === 'h04-no-message-id' && answeredWithoutId) continue;
        if ((await outcome(name)) !== undefined) continue;
        still.push(name);
      }
      pending = still;
      if (pending.length === 0 && (await countMessages(addresses.mailbox.netop, 'Quarantine')) >= unparseable)
        break;
      await sleep(2000);
    }
    const health = await probe.stop();
    expect(pending).toEqual([]);
    expect(await countMessages(addresses.mailbox.netop, 'Quarantine')).toBe(unparseable);
    expect(await countMessages(addresses.mailbox.netop, 'INBOX')).toBe(0);
    // Every probe answered 200 within 5 s: a loop blocked by one mail (the 408 s freeze that
    // bounded work per mail fixed) fails here. The 1 s target is a speed figure, measured by
    // bench:memory on an otherwise idle machine, not asserted while the whole suite shares
    // two cores.
    expect(health.probes).toBeGreaterThan(5);
    expect(health.failures).toBe(0);
    console.log(`/health: ${health.probes} probes, slowest ${Math.round(health.slowestMs)} ms`);
  }, 300_000);
});
