import type { TargetDue } from '../policy/sla.js';
import type { Services } from '../services.js';
import type { CaseRecord } from '../store/case-store.js';
import { currentTargets } from './case-clock.js';
import type { SlaJobData } from './job-types.js';
import {
  nextSlaEvent,
  type ScheduledTarget,
  type SlaEvent,
  type SlaMark,
  slaTimerJobId,
  unrecordedSlaEvents,
} from './sla-timer.js';

/**
 * (Re)schedules the SLA timer of a case. Each call starts a new schedule version: the older
 * version's timer is removed, and one that slipped through finds a newer version on the case
 * when it fires and does nothing. Delays come from due times, never the other way round.
 */
export async function scheduleSla(s: Services, caseId: string, why: string): Promise<TargetDue[]> {
  const record = await s.cases.get(caseId);
  if (!record) return [];
  const targets = currentTargets(record);
  const version = await s.cases.nextSlaVersion(caseId);
  await s.cases.update(caseId, { targets: JSON.stringify(targets) });
  if (version > 1) {
    // The superseded timer is at one of the old schedule's instants (which one depended on the
    // marks of its day): each is tried, a few removals of a job that is mostly not there.
    const old = unrecordedSlaEvents(storedTargets(record), () => false);
    for (const e of old) await s.queues.sla.remove(slaTimerJobId(caseId, version - 1, e.at)).catch(() => 0);
  }
  await queueSlaTimer(s, caseId, targets, version, marksOf(record));
  if (version > 1) await s.cases.addHistory(caseId, 'sla-rescheduled', why, s.now());
  return targets;
}

/** The due times the case stored with its current schedule. */
export const storedTargets = (record: CaseRecord): ScheduledTarget[] =>
  JSON.parse(record.targets || '[]') as ScheduledTarget[];

/** The SLA marks a case carries (`met.<target>`, `warning.<target>`, `breach.<target>`). */
export const marksOf =
  (record: CaseRecord) =>
  (mark: SlaMark): boolean =>
    Boolean(record[mark]);

/**
 * The case's timer for the first warning or breach still to come, at one schedule version
 * (Redis only; the version and due times are stored by the caller). One delayed job a case,
 * not one per target and kind: when it fires it handles what is due and queues the next.
 * False when nothing is left to wait for.
 */
export async function queueSlaTimer(
  s: Services,
  caseId: string,
  targets: readonly ScheduledTarget[],
  version: number,
  done: (mark: SlaMark) => boolean = () => false,
): Promise<boolean> {
  const next = nextSlaEvent(targets, done, s.now());
  if (next) await queueTimerFor(s, caseId, version, next);
  return next !== undefined;
}

/** The delayed job that fires at `event`'s instant for the case's schedule `version`. */
export async function queueTimerFor(
  s: Services,
  caseId: string,
  version: number,
  event: SlaEvent,
): Promise<void> {
  const data: SlaJobData = {
    caseId,
    target: event.target,
    kind: 'timer',
    version,
    dueAt: event.at.toISOString(),
  };
  await s.queues.sla.add(`timer:${event.kind}:${event.target}`, data, {
    jobId: slaTimerJobId(caseId, version, event.at),
    delay: Math.max(0, event.at.getTime() - s.now().getTime()),
  });
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
