import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEverything } from '../../src/config/load-everything.js';
import { type Daemon, startDaemon } from '../../src/main.js';
import { readFolder, STACK, sendMail, waitForMail } from '../helpers/local-stack.js';
import { deleteKeys, type PreparedStack, prepareTestStack, testStores } from '../helpers/test-daemon.js';

const run = promisify(execFile);

describe('one poller per mailbox, across processes, through IMAP drops', () => {
  const redis = new Redis(STACK.redisUrl);
  const daemons: Daemon[] = [];
  let prefix = '';
  let prepared: PreparedStack | undefined;
  let stores: ReturnType<typeof testStores> | undefined;
  afterAll(async () => {
    await Promise.all(daemons.map((d) => d.stop().catch(() => undefined)));
    if (prefix) await deleteKeys(redis, `{${prefix}}:*`);
    await redis.quit();
    await stores?.db.destroy();
    await prepared?.dropDatabase();
  });

  it('lets only the lease holder poll, hands over when it stops, and survives the server kicking it', async () => {
    prepared = await prepareTestStack();
    const { id, addresses, configFile } = prepared;
    stores = testStores(prepared.databaseUrl);
    prefix = `t-${id}`;
    process.env.IMAP_PASSWORD = STACK.password;
    const start = async (): Promise<Daemon> => {
      const d = await startDaemon({
        ...loadEverything(configFile),
        roles: ['poller', 'worker'],
        logger: pino({ level: 'silent' }),
      });
      daemons.push(d);
      return d;
    };
    const first = await start();
    const second = await start();
    const lease = `{${prefix}}:poller-lock:${addresses.mailbox.netop}`;
    await expect.poll(async () => redis.get(lease), { timeout: 5000 }).not.toBeNull();
    const holder = await redis.get(lease);

    const burst = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        sendMail({
          from: addresses.customer,
          to: addresses.mailbox.netop,
          subject: `Two daemons ${i}: lab session drops`,
          text: 'The lab machine drops the remote session after a minute.',
        }),
      ),
    );
    const acksOf = async (ids: string[]) =>
      (await readFolder(addresses.customer)).filter((m) => ids.includes(m.inReplyTo ?? ''));
    await waitForMail(addresses.customer, (m) => burst.includes(m.inReplyTo ?? ''), {
      count: 20,
      timeoutMs: 30_000,
    });
    await new Promise((r) => setTimeout(r, 2000));
    expect(await acksOf(burst)).toHaveLength(20);
    expect(await stores.caseSequence('NETOP')).toBe(20);
    // Two daemons, one IMAP session on the mailbox: the other process only waits.
    const conf = `${STACK.dir}/dovecot/dovecot.conf`;
    const sessions = async (): Promise<string> =>
      (await run('doveadm', ['-c', conf, 'who', addresses.mailbox.netop]).catch(() => ({ stdout: '' })))
        .stdout;
    const oneSession = new RegExp(`${addresses.mailbox.netop.replace(/[.]/g, '\\.')}\\s+1 imap`);
    expect(await sessions()).toMatch(oneSession);

    // The holder stops (releasing its lease); the other process takes the mailbox over.
    await (holder === (await redis.get(lease)) ? first : second).stop();
    await expect.poll(async () => redis.get(lease), { timeout: 10_000 }).not.toBe(holder);
    await expect.poll(async () => redis.get(lease), { timeout: 10_000 }).not.toBeNull();

    // The server drops every IMAP session of the mailbox: the poller reconnects by itself.
    await expect.poll(sessions, { timeout: 10_000 }).toMatch(oneSession);
    const kicked = await run('doveadm', ['-c', conf, 'kick', addresses.mailbox.netop]);
    expect(kicked.stdout).toContain(addresses.mailbox.netop);
    const after = await sendMail({
      from: addresses.customer,
      to: addresses.mailbox.netop,
      subject: 'After the handover: lab session drops',
      text: 'Still dropping.',
    });
    await waitForMail(addresses.customer, (m) => m.inReplyTo === after, { timeoutMs: 30_000 });
  }, 90_000);
});
