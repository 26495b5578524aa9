/** One stored target of an open case. */
export interface OpenTarget {
  name: string;
  due: Date | null;
  warnAt: Date | null;
  metAt: Date | null;
}

/**
 * The target an open case must meet next: the unmet one with the earliest due time. While the
 * case waits on the customer (an open pause) only first response still runs — the resolution
 * clocks are stopped, as the SLA itself stops them — so their stored due times do not count.
 */
export function nextDue(
  targets: readonly OpenTarget[],
  paused: boolean,
): { name: string; due: Date; warnAt: Date | null } | null {
  let best: { name: string; due: Date; warnAt: Date | null } | null = null;
  for (const t of targets) {
    if (t.metAt !== null || t.due === null) continue;
    if (paused && t.name !== 'firstResponse') continue;
    if (best === null || t.due.getTime() < best.due.getTime())
      best = { name: t.name, due: t.due, warnAt: t.warnAt };
  }
  return best;
}

/** Open cases in the order to take them: due soonest first, then those with no running target, oldest first. */
export function byNextDue<T extends { due: Date | null; createdAt: Date }>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => {
    if (a.due && b.due)
      return a.due.getTime() - b.due.getTime() || a.createdAt.getTime() - b.createdAt.getTime();
    if (a.due) return -1;
    if (b.due) return 1;
    return a.createdAt.getTime() - b.createdAt.getTime();
  });
}
