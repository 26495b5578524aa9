import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import nodemailer from 'nodemailer';
import { afterAll, describe, expect, it } from 'vitest';
import { startDaemonProcess } from '../helpers/daemon-process.js';
import { readFolder, retryingTemporary, STACK } from '../helpers/local-stack.js';
import { deleteKeys, type PreparedStack, prepareTestStack, testStores } from '../helpers/test-daemon.js';

const BURST = 200;

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out: ${what}`);
}

describe('a daemon killed with SIGKILL mid-burst', () => {
  const redis = new Redis(STACK.redisUrl);
  let prefix = '';
  const children: ChildProcess[] = [];
  let prepared: PreparedStack | undefined;
  let stores: ReturnType<typeof testStores> | undefined;
  afterAll(async () => {
    for (const c of children) c.kill('SIGKILL');
    if (prefix) await deleteKeys(redis, `{${prefix}}:*`);
    await redis.quit();
    await stores?.db.destroy();
    await prepared?.dropDatabase();
  });

  it(`loses and duplicates nothing: ${BURST} mails give exactly ${BURST} acknowledgements`, async () => {
    prepared = await prepareTestStack();
    const { id, addresses, configFile } = prepared;
    stores = testStores(prepared.databaseUrl);
    prefix = `t-${id}`;
    const logFile = `${STACK.dir}/log/crash-restart-${id}.log`;
    children.push(startDaemonProcess(configFile, logFile));

    // The customer sends as customers do: authenticated on submission, DKIM-signed.
    const transport = nodemailer.createTransport({
      ...STACK.submission,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: 4,
      auth: { user: addresses.customer, pass: STACK.password },
    });
    const sent = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        // A temporary refusal (a milter restarting) is sent again, as the customer's client would.
        retryingTemporary(() =>
          transport.sendMail({
            from: addresses.customer,
            to: addresses.mailbox.netop,
            subject: `Burst ${i}: remote control session drops`,
            text: `Session ${i} to the lab machine drops after a minute. Licence NTP1-ACME-7788-2026.`,
          }),
        ),
      ),
    );
    transport.close();
    const sentIds = new Set(sent.map((s) => s.messageId));

    // Kill the daemon once part of the burst is answered: jobs are in flight at every stage.
    const acks = async () =>
      (await readFolder(addresses.customer)).filter((m) => sentIds.has(m.inReplyTo ?? ''));
    await waitUntil('first acknowledgements', async () => (await acks()).length >= 30, 60_000);
    children[0]?.kill('SIGKILL');
    const atKill = (await acks()).length;
    expect(atKill).toBeLessThan(BURST);

    children.push(startDaemonProcess(configFile, logFile));
    await waitUntil(`all ${BURST} acknowledgements`, async () => (await acks()).length >= BURST, 120_000);
    // Give a late duplicate every chance to show up before counting.
    await new Promise((r) => setTimeout(r, 6000));
    const final = await acks();

    expect(final).toHaveLength(BURST);
    const answered = new Set(final.map((m) => m.inReplyTo));
    expect(answered.size).toBe(BURST);
    const caseTags = new Set(final.map((m) => /\[(NETOP-\d+)\]/.exec(m.subject ?? '')?.[1]));
    expect(caseTags.size).toBe(BURST);
    expect(caseTags.has(undefined)).toBe(false);
    expect(await stores.caseSequence('NETOP')).toBe(BURST);
  }, 240_000);
});
