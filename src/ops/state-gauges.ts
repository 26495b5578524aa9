import type { JobType } from 'bullmq';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Queues } from '../pipeline/queues.js';
import type { CaseRecord, CaseStatus, CaseSummary } from '../store/case-store.js';

/** Cases not yet resolved or closed. */
export const OPEN_STATUSES: readonly CaseStatus[] = ['new', 'acknowledged', 'in-progress', 'waiting'];
/**
 * No one has answered yet: an engineer's relayed answer moves a case to in-progress, so a case
 * still new or acknowledged is waiting on us.
 */
export const UNANSWERED_STATUSES: readonly CaseStatus[] = ['new', 'acknowledged'];
export const QUEUE_STATES = [
  'waiting',
  'prioritized',
  'active',
  'delayed',
  'waiting-children',
  'failed',
] as const satisfies readonly JobType[];

/** What the gauges read: only the case store's own interface, so any store behind it works. */
export interface CaseSource {
  withStatus(status: CaseStatus): Promise<string[]>;
  get(id: string): Promise<CaseRecord | undefined>;
  /** Policy, status and start of every case in these statuses in one read, where the store can. */
  summaries?(statuses: readonly CaseStatus[]): Promise<CaseSummary[]>;
}

export interface StateGaugeSources {
  registry: Registry;
  queues: Queues;
  cases: CaseSource;
  policyIds: readonly string[];
  now: () => Date;
  /** Collections within this time share one read of the open cases (both case gauges of one scrape, or scrapers in step). */
  cacheMs?: number;
  /** A read slower than this gives up (Redis hanging must not hang the scrape). */
  readTimeoutMs?: number;
  onReadError?: (gauge: string, err: unknown) => void;
}

const QUEUE_JOBS = 'support_intake_queue_jobs';
const OPEN_CASES = 'support_intake_open_cases';
const OLDEST_UNANSWERED = 'support_intake_oldest_unanswered_case_age_seconds';

interface OpenCase {
  policy: string;
  status: CaseStatus;
  createdAt: number;
}

async function readOpenCases(cases: CaseSource): Promise<OpenCase[]> {
  if (cases.summaries) {
    return (await cases.summaries(OPEN_STATUSES)).map((c) => ({
      policy: c.policy,
      status: c.status,
      createdAt: Date.parse(c.createdAt),
    }));
  }
  const perStatus = await Promise.all(
    OPEN_STATUSES.map(async (status) => {
      const records = await Promise.all((await cases.withStatus(status)).map((id) => cases.get(id)));
      return records
        .filter((r): r is CaseRecord => r !== undefined && r.status === status)
        .map((r) => ({ policy: r.policy, status, createdAt: Date.parse(r.createdAt) }));
    }),
  );
  return perStatus.flat();
}

/**
 * Gauges computed when /metrics is scraped, from Redis and the case store, so they are right in
 * whichever process serves /metrics: jobs per queue and state, open cases by policy and status,
 * and the age of the oldest unanswered case per policy. Every configured policy and status has
 * a series (0 when empty), so alerts and panels never see one vanish.
 */
export function registerStateGauges(o: StateGaugeSources): void {
  const cacheMs = o.cacheMs ?? 1_000;
  const readTimeoutMs = o.readTimeoutMs ?? 5_000;
  const readErrors = new Counter({
    name: 'support_intake_state_read_errors_total',
    help: 'Scrapes where a state gauge could not be read (Redis or the case store down or slow); the gauge is left out of that scrape',
    labelNames: ['gauge'],
    registers: [o.registry],
  });
  /**
   * Runs one gauge's read; on failure the gauge has no series in this scrape and the error is
   * counted, so the rest of /metrics (mailbox health above all) still answers.
   */
  const guarded = async (gauge: Gauge, name: string, read: () => Promise<void>): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${readTimeoutMs} ms`)), readTimeoutMs);
    });
    try {
      await Promise.race([read(), timeout]);
    } catch (err) {
      gauge.reset();
      readErrors.inc({ gauge: name });
      o.onReadError?.(name, err);
    } finally {
      clearTimeout(timer);
    }
  };
  let snapshot: { at: number; cases: Promise<OpenCase[]> } | undefined;
  const openCases = (): Promise<OpenCase[]> => {
    const at = Date.now();
    if (!snapshot || at - snapshot.at > cacheMs) {
      const cases = readOpenCases(o.cases);
      // A failed read is not cached: the next scrape tries again.
      cases.catch(() => {
        snapshot = undefined;
      });
      snapshot = { at, cases };
    }
    return snapshot.cases;
  };

  new Gauge({
    name: QUEUE_JOBS,
    help: 'Jobs per pipeline queue and state',
    labelNames: ['queue', 'state'],
    registers: [o.registry],
    async collect() {
      await guarded(this, QUEUE_JOBS, async () => {
        const perQueue = await Promise.all(
          Object.entries(o.queues).map(async ([name, queue]) => ({
            name,
            counts: await queue.getJobCounts(...QUEUE_STATES),
          })),
        );
        for (const { name, counts } of perQueue) {
          for (const state of QUEUE_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
        }
      });
    },
  });

  new Gauge({
    name: OPEN_CASES,
    help: 'Cases not resolved or closed, by policy and status',
    labelNames: ['policy', 'status'],
    registers: [o.registry],
    async collect() {
      await guarded(this, OPEN_CASES, async () => {
        const cases = await openCases();
        this.reset();
        for (const policy of o.policyIds) {
          for (const status of OPEN_STATUSES) this.set({ policy, status }, 0);
        }
        for (const c of cases) this.inc({ policy: c.policy, status: c.status });
      });
    },
  });

  new Gauge({
    name: OLDEST_UNANSWERED,
    help: 'Age of the oldest case no one has answered yet (new or acknowledged), by policy; 0 when none',
    labelNames: ['policy'],
    registers: [o.registry],
    async collect() {
      await guarded(this, OLDEST_UNANSWERED, async () => {
        const cases = await openCases();
        const now = o.now().getTime();
        const oldest = new Map<string, number>(o.policyIds.map((p) => [p, 0]));
        for (const c of cases) {
          if (!UNANSWERED_STATUSES.includes(c.status) || Number.isNaN(c.createdAt)) continue;
          oldest.set(c.policy, Math.max(oldest.get(c.policy) ?? 0, (now - c.createdAt) / 1000));
        }
        this.reset();
        for (const [policy, age] of oldest) this.set({ policy }, age);
      });
    },
  });
}
