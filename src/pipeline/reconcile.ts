import { TARGET_NAMES, type TargetName } from '../policy/sla.js';
import type { Services } from '../services.js';
import type { CaseRecord } from '../store/case-store.js';
import type { SlaJobData } from './job-types.js';
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
