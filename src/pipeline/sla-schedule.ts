import type { TargetDue } from '../policy/sla.js';
import type { Services } from '../services.js';
import { currentTargets } from './case-clock.js';
import type { SlaJobData } from './job-types.js';

const KINDS = ['warning', 'breach'] as const;

export const slaJobId = (caseId: string, target: string, kind: string, version: number): string =>
  `sla-${caseId}-${target}-${kind}-v${version}`;

/**
 * (Re)schedules the warning and breach jobs of a case. Each call starts a new schedule version:
 * jobs of older versions are removed, and any that slipped through find a newer version on the
 * case when they fire and do nothing. Delays come from due times, never the other way round.
 */
export async function scheduleSla(s: Services, caseId: string, why: string): Promise<TargetDue[]> {
  const record = await s.cases.get(caseId);
  if (!record) return [];
  const targets = currentTargets(record);
  const version = await s.cases.nextSlaVersion(caseId);
  await s.cases.update(caseId, { targets: JSON.stringify(targets) });
  await queueSlaJobs(s, caseId, targets, version);
  if (version > 1) await s.cases.addHistory(caseId, 'sla-rescheduled', why, s.now());
  return targets;
}

/**
 * The warning and breach jobs of one schedule version (Redis only; the version and due times
 * are stored by the caller). The previous version's jobs are removed.
 */
export async function queueSlaJobs(
  s: Services,
  caseId: string,
  targets: readonly TargetDue[],
  version: number,
): Promise<void> {
  const now = s.now().getTime();
  for (const t of targets) {
    for (const kind of KINDS) {
      if (version > 1) await s.queues.sla.remove(slaJobId(caseId, t.name, kind, version - 1)).catch(() => 0);
      if (t.metAt || t.due === null) continue;
      const at = kind === 'warning' ? t.warnAt : t.due;
      if (!at) continue;
      const data: SlaJobData = { caseId, target: t.name, kind, version, dueAt: t.due.toISOString() };
      await s.queues.sla.add(`${kind}:${t.name}`, data, {
        jobId: slaJobId(caseId, t.name, kind, version),
        delay: Math.max(0, at.getTime() - now),
      });
    }
  }
}

/**
 * Netop: "you should receive an e-mail with your case id within 24 hours". A check fires
 * before that deadline and alerts ops if the acknowledgement has still not left.
 */
export async function scheduleAckCheck(s: Services, caseId: string, afterHours: number): Promise<void> {
  const data: SlaJobData = { caseId, target: 'firstResponse', kind: 'ackCheck', version: 0, dueAt: '' };
  await s.queues.sla.add('ackCheck', data, {
    jobId: `sla-${caseId}-ack-check`,
    delay: Math.round(afterHours * 3600_000),
  });
}
