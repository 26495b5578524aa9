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
 * The warning and breach instants still to come for a case, earliest first: every target with a
 * due time that is neither met nor already recorded for that kind (`done` is asked with
 * `met.<target>` and `<kind>.<target>`, the marks the case carries). Pure: plain data in.
 */
export function pendingSlaEvents(
  targets: readonly ScheduledTarget[],
  done: (mark: SlaMark) => boolean,
): SlaEvent[] {
  const events: SlaEvent[] = [];
  for (const t of targets) {
    const target = TARGET_NAMES.find((n) => n === t.name);
    if (!target || t.due === null || done(`met.${target}`)) continue;
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
 * A case's SLA timer: one delayed job per schedule version and instant. The ID is derived from
 * both, so asking for the same timer twice (a retried job, the reconcile step) is one job.
 */
export const slaTimerJobId = (caseId: string, version: number, at: Date): string =>
  `sla-${caseId}-v${version}-t${at.getTime()}`;
