import { z } from 'zod';
import { TARGET_NAMES, type TargetName } from '../policy/sla.js';
import type { Services } from '../services.js';
import type { CaseRecord } from '../store/case-store.js';
import { ingestJobSchema, notifyJobSchema } from './job-schemas.js';
import type { SlaJobData } from './job-types.js';
import { notifyJobOptions, URGENT } from './queue-notify.js';
import { slaJobId } from './sla-schedule.js';

/** A target as the case stored it when its SLA was last scheduled. */
interface StoredTarget {
  name: TargetName;
  due: string | null;
  warnAt: string | null;
}

const OPEN = ['new', 'acknowledged', 'in-progress', 'waiting'] as const;

/**
 * Re-derives the SLA jobs of every open case from PostgreSQL: the warning and breach of each
 * unmet target at the case's current schedule version. Job IDs are deterministic, so a job
 * still queued is left as it is; one lost with Redis (a wipe, a crash between the commit and the
 * enqueue) is queued again. A job that already ran and comes back finds its mark in the case
 * (`warning.<target>`, `breach.<target>`) and does nothing, so this may run at any time, from any
 * number of workers. Returns how many jobs it asked for.
 */
export async function reconcileSlaJobs(s: Services): Promise<number> {
  let asked = 0;
  const now = s.now().getTime();
  for (const summary of await s.cases.summaries(OPEN)) {
    const record = await s.cases.get(summary.id);
    if (!record) continue;
    const version = Number(record.slaVersion ?? 0);
    if (version < 1) continue; // never scheduled: its triage job has not finished yet
    for (const t of JSON.parse(record.targets || '[]') as StoredTarget[]) {
      if (!TARGET_NAMES.includes(t.name) || record[`met.${t.name}`] || t.due === null) continue;
      for (const kind of ['warning', 'breach'] as const) {
        if (recorded(record, kind, t.name)) continue;
        const at = kind === 'warning' ? t.warnAt : t.due;
        if (!at) continue;
        const data: SlaJobData = { caseId: record.id, target: t.name, kind, version, dueAt: t.due };
        await s.queues.sla.add(`${kind}:${t.name}`, data, {
          jobId: slaJobId(record.id, t.name, kind, version),
          delay: Math.max(0, Date.parse(at) - now),
        });
        asked++;
      }
    }
  }
  return asked;
}

const recorded = (record: CaseRecord, kind: 'warning' | 'breach', target: string): boolean =>
  Boolean(record[`${kind}.${target}`]);

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
      await s.queues.ingest.add('ingest', data.data, { jobId: record.jobId });
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
