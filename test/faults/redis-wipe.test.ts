import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectExactlyOnce } from './harness/expectations.js';
import { PrivateRedis } from './harness/private-redis.js';
import { runTrial } from './harness/trial.js';
import { waitUntil } from './harness/wait.js';

const MAILS = Number(process.env.FAULT_BURST_MAILS ?? 100);
const QUOTA_MAILS = 15;
// Never the shared Redis: a private one on a port of its own (REDIS_WIPE_PORT).
const redis = new PrivateRedis(
  Number(process.env.REDIS_WIPE_PORT ?? 16_479 + Number(process.env.IMAP_PORT ?? 1143) - 1143),
);

describe('Redis killed right after a burst and restarted empty', () => {
  beforeAll(async () => {
    await redis.start();
  });
  afterAll(async () => {
    await redis.dispose();
  });

  it(`${MAILS} mails taken from the INBOX, then every queue lost: every mail still answered exactly once`, async () => {
    let answeredAtWipe = -1;
    const result = await runTrial({
      trial: 'redis-wipe',
      faults:
        'the whole burst taken from the INBOX by a poller-only daemon, workers started, and once a fifth was answered Redis SIGKILLed, its AOF deleted and restarted empty',
      mails: MAILS,
      quotaMails: QUOTA_MAILS,
      redisUrl: redis.url,
      recoverTimeoutMs: 300_000,
      // Only the poller at first, so the whole burst is in Redis and nowhere else downstream.
      startRoles: 'poller',
      async inject({ daemon, burst, taken, answered, markFault }) {
        await waitUntil('the whole burst submitted', async () => burst.accepted >= MAILS, 120_000);
        await waitUntil('every mail taken from the INBOX', async () => (await taken()) >= MAILS, 120_000);
        await daemon.restartAs('poller,worker');
        // Work in every stage: some answered, the rest queued for ingest, triage or sending.
        await waitUntil('a fifth answered', async () => (await answered()) >= MAILS / 5, 120_000);
        await markFault();
        await redis.kill();
        answeredAtWipe = await answered();
        redis.wipe();
        await redis.start();
        return 1;
      },
    });
    expect(answeredAtWipe).toBeGreaterThan(0);
    expect(answeredAtWipe).toBeLessThan(MAILS);
    expectExactlyOnce(result, QUOTA_MAILS);
  }, 600_000);
});
