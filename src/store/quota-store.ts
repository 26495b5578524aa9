import type { Redis } from 'ioredis';
import type { RedisKeys } from './keys.js';

// Atomic reserve: a request already counted stays counted (retries), a new one is admitted
// only below the limit. Returns the count after admission, or -(count) when over the limit.
const RESERVE = `
if redis.call('sismember', KEYS[1], ARGV[1]) == 1 then return redis.call('scard', KEYS[1]) end
local n = redis.call('scard', KEYS[1])
if n >= tonumber(ARGV[2]) then return -n end
redis.call('sadd', KEYS[1], ARGV[1])
redis.call('pexpire', KEYS[1], ARGV[3])
return n + 1
`;

export type Reservation = { admitted: true; count: number } | { admitted: false; count: number };

/** Monthly request quotas: one set of request Message-IDs per account and month. */
export class QuotaStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  async count(policyId: string, accountId: string, month: string): Promise<number> {
    return this.redis.scard(this.keys.quota(policyId, accountId, month));
  }

  async reserve(
    policyId: string,
    accountId: string,
    month: string,
    requestId: string,
    limit: number,
  ): Promise<Reservation> {
    const ttlMs = 62 * 24 * 3600 * 1000; // kept a month past its own for reports
    const n = (await this.redis.eval(
      RESERVE,
      1,
      this.keys.quota(policyId, accountId, month),
      requestId,
      String(limit),
      String(ttlMs),
    )) as number;
    return n < 0 || (n === 0 && limit === 0) ? { admitted: false, count: -n } : { admitted: true, count: n };
  }

  async release(policyId: string, accountId: string, month: string, requestId: string): Promise<void> {
    await this.redis.srem(this.keys.quota(policyId, accountId, month), requestId);
  }
}
