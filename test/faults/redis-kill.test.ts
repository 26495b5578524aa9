import { afterAll, beforeAll, describe, it } from 'vitest';
import { expectExactlyOnce } from './harness/expectations.js';
import { PrivateRedis } from './harness/private-redis.js';
import { runTrial } from './harness/trial.js';
import { sleep, waitUntil } from './harness/wait.js';

const MAILS = Number(process.env.FAULT_BURST_MAILS ?? 100);
const QUOTA_MAILS = 15;
const DOWN_S = Number(process.env.FAULT_REDIS_DOWN_SECONDS ?? 5);
// Never the shared Redis: a private one on a port of its own (REDIS_FAULT_PORT).
const redis = new PrivateRedis(
  Number(process.env.REDIS_FAULT_PORT ?? 16_379 + Number(process.env.IMAP_PORT ?? 1143) - 1143),
);

describe('Redis killed with SIGKILL mid-burst and restarted on its AOF', () => {
  beforeAll(async () => {
    await redis.start();
  });
  afterAll(async () => {
    await redis.dispose();
  });

  it(`${MAILS} mails, Redis SIGKILLed and back after ${DOWN_S} s: every mail answered exactly once`, async () => {
    const result = await runTrial({
      trial: 'redis-sigkill',
      faults: `Redis (AOF, appendfsync everysec) SIGKILLed once 20 mails were answered, restarted on the same directory ${DOWN_S} s later`,
      mails: MAILS,
      quotaMails: QUOTA_MAILS,
      redisUrl: redis.url,
      recoverTimeoutMs: 300_000,
      async inject({ answered, markFault }) {
        await waitUntil('20 answers', async () => (await answered()) >= 20, 120_000);
        await markFault();
        await redis.kill();
        await sleep(DOWN_S * 1000);
        await redis.start();
        return 1;
      },
    });
    expectExactlyOnce(result, QUOTA_MAILS);
  }, 600_000);
});
