import type { Redis } from 'ioredis';
import type { RedisKeys } from './keys.js';

// One script, so a reply is counted in all three budgets or in none. A reply already admitted
// (the same Message-ID: a retried job) is admitted again without counting twice. Membership is
// looked up only when a budget is full (below it, admitting again costs nothing), and a set's
// expiry is set when the set is created: a reply costs six commands, not ten (seven and eleven
// with a per-case window).
// KEYS: perCase, perSender, global; ARGV: messageId, windowMs, perSenderLimit, globalLimit
const ADMIT = `
local holder = redis.call('get', KEYS[1])
if holder and holder ~= ARGV[1] then return 'per-case' end
if holder == ARGV[1] then return 'ok' end
local sender = redis.call('scard', KEYS[2])
if sender >= tonumber(ARGV[3]) and redis.call('sismember', KEYS[2], ARGV[1]) == 0 then
  return 'per-sender'
end
local global = redis.call('scard', KEYS[3])
if global >= tonumber(ARGV[4]) and redis.call('sismember', KEYS[3], ARGV[1]) == 0 then
  return 'global'
end
if tonumber(ARGV[2]) > 0 then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
redis.call('sadd', KEYS[2], ARGV[1])
if sender == 0 then redis.call('pexpire', KEYS[2], 172800000) end
redis.call('sadd', KEYS[3], ARGV[1])
if global == 0 then redis.call('pexpire', KEYS[3], 7200000) end
return 'ok'
`;

export interface ReplyBudgetSettings {
  perCaseWindowMinutes: number;
  perSenderPerDay: number;
  globalPerHour: number;
}

export type BudgetVerdict = { admitted: true } | { admitted: false; reason: string };

/** Budgets for automatic answers, so the support address cannot be made to mail anyone at will. */
export class ReplyBudget {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly settings: ReplyBudgetSettings,
  ) {}

  async admit(
    recipient: string,
    caseId: string | undefined,
    messageId: string,
    now: Date,
  ): Promise<BudgetVerdict> {
    const iso = now.toISOString();
    const result = (await this.redis.eval(
      ADMIT,
      3,
      this.keys.autoReplyPerCase(recipient, caseId ?? '-'),
      this.keys.autoReplyPerSender(recipient, iso.slice(0, 10)),
      this.keys.autoReplyGlobal(iso.slice(0, 13)),
      messageId,
      String(this.settings.perCaseWindowMinutes * 60_000),
      String(this.settings.perSenderPerDay),
      String(this.settings.globalPerHour),
    )) as string;
    switch (result) {
      case 'ok':
        return { admitted: true };
      case 'per-case':
        return {
          admitted: false,
          reason: `an automatic answer about ${caseId ?? 'a mail without a case'} went to this sender in the last ${this.settings.perCaseWindowMinutes} minutes`,
        };
      case 'per-sender':
        return {
          admitted: false,
          reason: `${this.settings.perSenderPerDay} automatic answers to this sender today`,
        };
      default:
        return {
          admitted: false,
          reason: `${this.settings.globalPerHour} automatic answers this hour (global budget)`,
        };
    }
  }
}
