import { z } from 'zod';
import type { Services } from '../services.js';
import { ingestJobSchema, notifyJobSchema } from './job-schemas.js';
import { notifyJobOptions, URGENT } from './queue-notify.js';
import { ingestJobOptions } from './queues.js';
import { marksOf, queueSlaTimer, storedTargets } from './sla-schedule.js';

const OPEN = ['new', 'acknowledged', 'in-progress', 'waiting'] as const;

/**
 * Re-derives the SLA timer of every open case from PostgreSQL: the one for its first warning or
 * breach still to come, at the case's current schedule version. Its ID is derived from both, so
 * a timer still queued is left as it is; one lost with Redis (a wipe, a crash between the commit
 * and the enqueue) is queued again, late ones to fire at once. A warning or breach that already
 * fired left its mark on the case (`warning.<target>`, `breach.<target>`) and is not asked for
 * again, so this may run at any time, from any number of workers. Returns how many timers it
 * asked for.
 */
export async function reconcileSlaJobs(s: Services): Promise<number> {
  let asked = 0;
  for (const summary of await s.cases.summaries(OPEN)) {
    const record = await s.cases.get(summary.id);
    if (!record) continue;
    const version = Number(record.slaVersion ?? 0);
    if (version < 1) continue; // never scheduled: its triage job has not finished yet
    if (await queueSlaTimer(s, record.id, storedTargets(record), version, marksOf(record))) asked++;
  }
  return asked;
}

/** Rows read per pass; a pass that fills it runs again. */
const BATCH = 500;

const storedNotifySchema = z.object({
  data: notifyJobSchema,
  order: z.union([z.number().int().min(0), z.literal(URGENT)]),
});

/**
 * Queues again every mail whose intake record is still open and every outgoing mail still
 * unsent, from what PostgreSQL kept of them. Job IDs are the ones first used, so a job Redis
 * still has (waiting, active, retained as completed or failed) makes this a no-op; one Redis
 * lost (a wipe, a restore from an older AOF) runs again, and every stage is idempotent (unique
 * case per request, outbox state per Message-ID). Re-adding a job Redis has is harmless, so
 * `minAgeMs` only spares the work of records whose jobs are surely still queued. Returns how
 * many jobs it asked for.
 */
export async function reconcileUnfinishedMail(
  s: Services,
  minAgeMs: number,
): Promise<{ ingest: number; notify: number }> {
  let ingest = 0;
  let notify = 0;
  for (let more = true; more; ) {
    const open = await s.intake.pending(minAgeMs, BATCH, ingest);
    for (const record of open) {
      const data = ingestJobSchema.safeParse(record.payload);
      if (!data.success) {
        s.logger.error({ jobId: record.jobId }, 'intake record with an unreadable payload: not queued');
        continue;
      }
      await s.queues.ingest.add('ingest', data.data, ingestJobOptions(record.jobId, data.data.replay));
    }
    ingest += open.length;
    more = open.length === BATCH;
  }
  for (let more = true; more; ) {
    const unsent = await s.outbox.unsent(minAgeMs, BATCH, notify);
    for (const mail of unsent) {
      const stored = storedNotifySchema.safeParse(mail.job);
      if (!stored.success) {
        s.logger.error({ messageId: mail.messageId }, 'outbox entry with an unreadable job: not queued');
        continue;
      }
      const { data, order } = stored.data;
      await s.queues.notify.add(data.template, data, notifyJobOptions(data.messageId, order));
    }
    notify += unsent.length;
    more = unsent.length === BATCH;
  }
  return { ingest, notify };
}
