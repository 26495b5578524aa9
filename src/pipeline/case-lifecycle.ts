import type { Services } from '../services.js';
import type { CaseRecord, CaseStatus } from '../store/case-store.js';
import type { SlaJobData } from './job-types.js';
import { scheduleSla } from './sla-schedule.js';

type PauseSpan = { from: string; to?: string };

/**
 * Moves a case to a new status and keeps its clocks honest: entering `waiting` opens a pause
 * (resolution clocks stop), leaving it closes the pause; either way the SLA jobs are rescheduled.
 * `resolved` schedules the automatic close.
 */
export async function transitionCase(
  s: Services,
  record: CaseRecord,
  to: CaseStatus,
  why: string,
): Promise<void> {
  const from = record.status;
  if (from === to) return;
  const now = s.now();
  const pauses = JSON.parse(record.pauses || '[]') as PauseSpan[];
  const open = pauses.find((p) => p.to === undefined);
  let clocksChanged = false;
  if (to === 'waiting' && !open) {
    pauses.push({ from: now.toISOString() });
    clocksChanged = true;
  } else if (from === 'waiting' && open) {
    open.to = now.toISOString();
    clocksChanged = true;
  }
  await s.cases.update(record.id, {
    pauses: JSON.stringify(pauses),
    ...(to === 'resolved' ? { resolvedAt: now.toISOString() } : {}),
  });
  // Clocks first, status last: whoever sees the new status sees the clocks that go with it.
  if (clocksChanged) {
    await scheduleSla(s, record.id, to === 'waiting' ? 'paused: waiting on customer' : 'resumed');
  }
  if (to === 'resolved') await scheduleAutoClose(s, record.id, now);
  await s.cases.setStatus(record.id, from, to);
  await s.cases.addHistory(record.id, 'status', `${from} → ${to} (${why})`, now);
}

/** Resolved cases close by themselves after the configured number of days. */
async function scheduleAutoClose(s: Services, caseId: string, resolvedAt: Date): Promise<void> {
  const data: SlaJobData = {
    caseId,
    target: 'resolution1',
    kind: 'autoClose',
    version: 0,
    dueAt: resolvedAt.toISOString(),
  };
  await s.queues.sla.add('autoClose', data, {
    jobId: `sla-${caseId}-autoclose-${resolvedAt.getTime()}`,
    delay: Math.round(s.config.lifecycle.autoCloseDays * 24 * 3600_000),
  });
}
