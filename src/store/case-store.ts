import type { Redis } from 'ioredis';
import type { RedisKeys } from './keys.js';

export type CaseStatus = 'new' | 'acknowledged' | 'in-progress' | 'waiting' | 'resolved' | 'closed';

export interface CaseRecord {
  id: string;
  policy: string;
  accountId: string;
  customerEmail: string;
  customerName: string;
  status: CaseStatus;
  severity: string;
  planId: string;
  subject: string;
  messageId: string;
  createdAt: string;
  /** JSON: the plan snapshot and targets in force when the case was created. */
  snapshot: string;
  /** JSON: [{name, calendar, due, warnAt}] */
  targets: string;
  /** Plain words: why the case was opened the way it was. */
  decision: string;
  /** JSON: [{from, to?}] spans waiting on the customer (resolution clocks stopped). */
  pauses: string;
  /** JSON: how the work is paid for (plan, paid hourly, free bug fix). */
  billing: string;
  language: string;
  /** First lines of the customer's latest message, for alerts. */
  lastCustomerText?: string;
  /** Schedule version of the SLA jobs; older jobs are stale. */
  slaVersion?: string;
  resolvedAt?: string;
  assignee?: string;
  /** When the acknowledgement left. */
  ackSentAt?: string;
  /** The policy's handling order: 0 = arrival order; otherwise lower is served first. */
  priority?: string;
  /** Current support level (Netop escalations). */
  level?: string;
  /** `met.<target>`, `warning.<target>`, `breach.<target>`: ISO instants. */
  [event: `met.${string}` | `warning.${string}` | `breach.${string}`]: string | undefined;
}

/** The fields a new case is created with; events and schedule fields come later. */
export type NewCase = Omit<CaseRecord, 'id' | `met.${string}` | `warning.${string}` | `breach.${string}`>;

export interface HistoryEntry {
  at: string;
  event: string;
  detail: string;
}

// Creates a case exactly once per customer Message-ID: a retried triage job gets the same ID.
// KEYS: messageIndex, counter, (case key prefix is ARGV[2]) ; ARGV: messageId, caseKeyPrefix, casePrefix, fields...
const CREATE_CASE = `
local existing = redis.call('hget', KEYS[1], ARGV[1])
if existing then return {existing, 0} end
local n = redis.call('incr', KEYS[2])
local id = ARGV[3] .. '-' .. n
redis.call('hset', KEYS[1], ARGV[1], id)
local key = ARGV[2] .. id
redis.call('hset', key, 'id', id, unpack(ARGV, 4))
return {id, 1}
`;

/** Cases as Redis hashes, history as a list, indexes by customer and by status. */
export class CaseStore {
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** Returns the case ID and whether this call created it. */
  async create(
    casePrefix: string,
    fields: Omit<CaseRecord, 'id'>,
  ): Promise<{ id: string; created: boolean }> {
    const flat = Object.entries(fields).flatMap(([k, v]) => (v === undefined ? [] : [k, v]));
    const caseKeyPrefix = this.keys.case('');
    const [id, created] = (await this.redis.eval(
      CREATE_CASE,
      2,
      this.keys.messageIndex(),
      this.keys.caseCounter(casePrefix),
      fields.messageId,
      caseKeyPrefix,
      casePrefix,
      ...flat,
    )) as [string, number];
    if (created === 1) {
      await this.redis
        .multi()
        .sadd(this.keys.casesByCustomer(fields.customerEmail), id)
        .sadd(this.keys.casesByStatus(fields.status), id)
        .exec();
    }
    return { id, created: created === 1 };
  }

  async get(id: string): Promise<CaseRecord | undefined> {
    const h = await this.redis.hgetall(this.keys.case(id));
    return h.id ? (h as unknown as CaseRecord) : undefined;
  }

  async setStatus(id: string, from: CaseStatus, to: CaseStatus): Promise<void> {
    if (from === to) return;
    await this.redis
      .multi()
      .hset(this.keys.case(id), 'status', to)
      .smove(this.keys.casesByStatus(from), this.keys.casesByStatus(to), id)
      .exec();
  }

  async update(id: string, fields: Record<string, string>): Promise<void> {
    await this.redis.hset(this.keys.case(id), fields);
  }

  /** Message-IDs (the customer's and ours) that thread into this case. */
  async linkMessage(messageId: string, caseId: string): Promise<void> {
    await this.redis.hset(this.keys.messageIndex(), messageId, caseId);
  }

  async caseForMessages(messageIds: string[]): Promise<string | undefined> {
    if (messageIds.length === 0) return undefined;
    const found = await this.redis.hmget(this.keys.messageIndex(), ...messageIds);
    return found.find((v): v is string => typeof v === 'string');
  }

  async addHistory(id: string, event: string, detail: string, at: Date): Promise<void> {
    const entry: HistoryEntry = { at: at.toISOString(), event, detail };
    await this.redis.rpush(this.keys.caseHistory(id), JSON.stringify(entry));
  }

  async history(id: string): Promise<HistoryEntry[]> {
    const raw = await this.redis.lrange(this.keys.caseHistory(id), 0, -1);
    return raw.map((r) => JSON.parse(r) as HistoryEntry);
  }

  async casesOf(email: string): Promise<string[]> {
    return this.redis.smembers(this.keys.casesByCustomer(email));
  }

  /** Cases in a status, in the order engineers should take them: priority, then arrival. */
  async withStatus(status: CaseStatus): Promise<string[]> {
    const ids = await this.redis.smembers(this.keys.casesByStatus(status));
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hmget(this.keys.case(id), 'priority', 'createdAt');
    const rows = ((await pipeline.exec()) ?? []).map(([, v]) => v as [string | null, string | null]);
    const rank = (p: string | null): number =>
      p === null || p === '0' ? Number.MAX_SAFE_INTEGER : Number(p);
    return ids
      .map((id, i) => ({ id, priority: rank(rows[i]?.[0] ?? null), createdAt: rows[i]?.[1] ?? '' }))
      .sort((a, b) => a.priority - b.priority || a.createdAt.localeCompare(b.createdAt))
      .map((c) => c.id);
  }
}
