import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { RedisKeys } from '../../src/store/keys.js';
import { ReplyBudget } from '../../src/store/reply-budget.js';
import { STACK, uniqueId } from '../helpers/local-stack.js';
import { deleteKeys } from '../helpers/test-daemon.js';

// The budgets' one script, on the real Redis: limits, retries of an admitted reply, expiries.
const redis = new Redis(STACK.redisUrl);
const keys = new RedisKeys(`t-budget-${uniqueId()}`);
const NOW = new Date('2026-12-02T10:15:00Z');

afterAll(async () => {
  await deleteKeys(redis, `${keys.root}:*`);
  redis.disconnect();
});

describe('reply budgets', () => {
  it('admits up to the per-sender limit, admits a retried reply again, refuses the next', async () => {
    const budget = new ReplyBudget(redis, keys, {
      perCaseWindowMinutes: 0,
      perSenderPerDay: 2,
      globalPerHour: 100,
    });
    const admit = (id: string, to = 'a@x.test') => budget.admit(to, `C-${id}`, `<${id}@x>`, NOW);
    expect(await admit('1')).toEqual({ admitted: true });
    expect(await admit('2')).toEqual({ admitted: true });
    expect(await admit('3')).toMatchObject({
      admitted: false,
      reason: '2 automatic answers to this sender today',
    });
    // The same reply again (a retried job), with the budget full: admitted, not counted.
    expect(await admit('1')).toEqual({ admitted: true });
    expect(await redis.scard(keys.autoReplyPerSender('a@x.test', '2026-12-02'))).toBe(2);
    expect(await admit('4', 'b@x.test')).toEqual({ admitted: true });
    // Both sets expire: the sender's day after two days, the hour's after two hours.
    const senderTtl = await redis.pttl(keys.autoReplyPerSender('a@x.test', '2026-12-02'));
    expect(senderTtl).toBeGreaterThan(47 * 3600_000);
    const globalTtl = await redis.pttl(keys.autoReplyGlobal('2026-12-02T10'));
    expect(globalTtl).toBeGreaterThan(119 * 60_000);
    expect(globalTtl).toBeLessThanOrEqual(2 * 3600_000);
  });

  it('refuses beyond the global hour budget and a second answer about a case within its window', async () => {
    const budget = new ReplyBudget(redis, keys, {
      perCaseWindowMinutes: 10,
      perSenderPerDay: 100,
      globalPerHour: 4,
    });
    const at = new Date('2026-12-02T11:00:00Z');
    expect(await budget.admit('c@x.test', 'C-9', '<9a@x>', at)).toEqual({ admitted: true });
    expect(await budget.admit('c@x.test', 'C-9', '<9a@x>', at)).toEqual({ admitted: true });
    expect(await budget.admit('c@x.test', 'C-9', '<9b@x>', at)).toMatchObject({ admitted: false });
    for (const n of [1, 2, 3])
      expect(await budget.admit(`d${n}@x.test`, `D-${n}`, `<d${n}@x>`, at)).toEqual({ admitted: true });
    expect(await budget.admit('e@x.test', 'E-1', '<e1@x>', at)).toMatchObject({
      admitted: false,
      reason: '4 automatic answers this hour (global budget)',
    });
  });
});
