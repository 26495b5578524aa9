import {
  type Pause,
  type PlanSnapshot,
  retargetCase,
  TARGET_NAMES,
  type TargetDue,
  type TargetName,
} from '../policy/sla.js';
import type { CaseRecord } from '../store/case-store.js';

/** What the SLA clock of a case is made of, read back from its record. */
export interface CaseClock {
  snapshot: PlanSnapshot | null;
  startedAt: Date;
  pauses: Pause[];
  met: Partial<Record<TargetName, Date>>;
}

export function readCaseClock(record: CaseRecord): CaseClock {
  const pauses = (JSON.parse(record.pauses || '[]') as { from: string; to?: string }[]).map((p) => ({
    from: new Date(p.from),
    ...(p.to ? { to: new Date(p.to) } : {}),
  }));
  const met: Partial<Record<TargetName, Date>> = {};
  for (const name of TARGET_NAMES) {
    const at = (record as unknown as Record<string, string | undefined>)[`met.${name}`];
    if (at) met[name] = new Date(at);
  }
  return {
    snapshot: JSON.parse(record.snapshot || 'null') as PlanSnapshot | null,
    startedAt: new Date(record.createdAt),
    pauses,
    met,
  };
}

/**
 * Due times of a case now: from its start, on its snapshot (the contract it was opened under),
 * for its current severity, with every pause taken so far; met targets stay met.
 */
export function currentTargets(record: CaseRecord): TargetDue[] {
  const clock = readCaseClock(record);
  if (!clock.snapshot || !record.planId) return [];
  return retargetCase(
    clock.snapshot,
    record.planId,
    record.severity,
    clock.startedAt,
    clock.pauses,
    clock.met,
  );
}
