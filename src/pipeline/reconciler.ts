import type { Redis } from 'ioredis';
import type { Services } from '../services.js';
import { reconcileSlaJobs, reconcileUnfinishedMail } from './reconcile.js';

/** Open intake records and unsent mail: cheap (partial indexes), so often. */
const MAIL_INTERVAL_MS = 60_000;
/** Records younger than this on a timed pass are most likely still queued. */
const MAIL_MIN_AGE_MS = 30_000;
/** SLA jobs: a read of every open case, so seldom. */
const SLA_INTERVAL_MS = 10 * 60_000;
/**
 * After Redis comes back, jobs that were running finish (or fail) against the new Redis for a
 * while; a second pass after this long catches what they wrote meanwhile.
 */
const SETTLE_MS = 15_000;

type Pass = { mailMinAgeMs: number; sla: boolean };

/**
 * Runs the reconcile steps at start-up, on timers, and each time the Redis connection comes
 * back: a Redis that restarted empty (or from an older AOF) has its jobs back from PostgreSQL
 * within seconds, not at the next tick. One pass at a time; passes asked for meanwhile are
 * merged into the next one.
 */
export function startReconciler(s: Services, redis: Redis): { stop(): void } {
  let running = false;
  let queued: Pass | undefined;
  const timers: NodeJS.Timeout[] = [];
  const run = async (p: Pass): Promise<void> => {
    try {
      const mail = await reconcileUnfinishedMail(s, p.mailMinAgeMs);
      const sla = p.sla ? await reconcileSlaJobs(s) : 0;
      s.logger.debug({ ...mail, sla }, 'jobs reconciled from PostgreSQL');
    } catch (err) {
      s.logger.warn(
        { err: err instanceof Error ? err.message : err },
        'jobs not reconciled; the next pass tries again',
      );
    }
  };
  const trigger = (p: Pass): void => {
    if (running) {
      queued = {
        mailMinAgeMs: Math.min(p.mailMinAgeMs, queued?.mailMinAgeMs ?? p.mailMinAgeMs),
        sla: p.sla || (queued?.sla ?? false),
      };
      return;
    }
    running = true;
    void run(p).finally(() => {
      running = false;
      const next = queued;
      queued = undefined;
      if (next) trigger(next);
    });
  };
  const afterRedisLoss: Pass = { mailMinAgeMs: 0, sla: true };
  const onReady = (): void => {
    s.logger.info('Redis connection back: reconciling jobs from PostgreSQL');
    trigger(afterRedisLoss);
    const settle = setTimeout(() => trigger(afterRedisLoss), SETTLE_MS);
    settle.unref();
    timers.push(settle);
  };
  trigger(afterRedisLoss);
  timers.push(
    setInterval(() => trigger({ mailMinAgeMs: MAIL_MIN_AGE_MS, sla: false }), MAIL_INTERVAL_MS),
    setInterval(() => trigger({ mailMinAgeMs: MAIL_MIN_AGE_MS, sla: true }), SLA_INTERVAL_MS),
  );
  for (const t of timers) t.unref();
  redis.on('ready', onReady);
  return {
    stop() {
      for (const t of timers) clearTimeout(t);
      redis.off('ready', onReady);
    },
  };
}
