import { TARGET_NAMES, type TargetName } from '../policy/sla.js';

/** A target's due times as the case stores them (ISO strings) or as computed (Dates). */
export interface ScheduledTarget {
  name: string;
  due: Date | string | null;
  warnAt?: Date | string | null;
}

/** The marks a case carries once a target is met, or its warning or breach recorded. */
export type SlaMark = `met.${TargetName}` | `warning.${TargetName}` | `breach.${TargetName}`;

/** One warning or breach instant of one target. */
export interface SlaEvent {
  target: TargetName;
  kind: 'warning' | 'breach';
  at: Date;
  due: Date;
}

/**
 * The warning and breach instants of a case not recorded yet (`done` is asked with
 * `<kind>.<target>`), earliest first, for every target with a due time. Met targets are kept:
 * the instants a timer runs at depend only on the schedule and on what the timer itself
 * recorded, so whoever derives the timer (triage, a reschedule, the reconcile step, the timer
 * before it) derives the same one, and a case never has two. Pure: plain data in.
 */
export function unrecordedSlaEvents(
  targets: readonly ScheduledTarget[],
  done: (mark: SlaMark) => boolean,
): SlaEvent[] {
  const events: SlaEvent[] = [];
  for (const t of targets) {
    const target = TARGET_NAMES.find((n) => n === t.name);
    if (!target || t.due === null) continue;
    const due = new Date(t.due);
    for (const kind of ['warning', 'breach'] as const) {
      const at = kind === 'warning' ? t.warnAt : t.due;
      if (at === null || at === undefined || done(`${kind}.${target}`)) continue;
      events.push({ target, kind, at: new Date(at), due });
    }
  }
  // Ties: the warning before the breach, so the alerts read in order.
  return events.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.kind === 'warning' ? -1 : 1));
}

/**
 * The instant the case's timer waits for: the first unrecorded warning or breach still to come,
 * or one already past whose target is not met (overdue: it fires at once). A past instant of a
 * met target is done with: the timer that reached it found the target met and went on.
 */
export function nextSlaEvent(
  targets: readonly ScheduledTarget[],
  done: (mark: SlaMark) => boolean,
  now: Date,
): SlaEvent | undefined {
  return unrecordedSlaEvents(targets, done).find(
    (e) => e.at.getTime() > now.getTime() || !done(`met.${e.target}`),
  );
}

/**
 * A case's SLA timer: one delayed job per schedule version and instant. The ID is derived from
 * both, so asking for the same timer twice (a retried job, the reconcile step) is one job.
 */
export const slaTimerJobId = (caseId: string, version: number, at: Date): string =>
  `sla-${caseId}-v${version}-t${at.getTime()}`;
