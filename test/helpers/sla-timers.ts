import type { Job, Queue } from 'bullmq';

/** The SLA timers of one case still to fire (delayed or waiting), as BullMQ holds them. */
export async function liveTimers(sla: Queue, caseId: string): Promise<Job[]> {
  const jobs = await sla.getJobs(['delayed', 'waiting', 'prioritized']);
  return jobs.filter((j) => j.data?.caseId === caseId && j.data?.kind === 'timer');
}

/** When BullMQ will run a delayed job: taken at `timestamp`, `delay` later. */
export const firesAt = (job: Job): number => job.timestamp + (job.opts.delay ?? 0);

/** A target's due time as the case stored it with its current schedule. */
export function storedDue(targetsJson: string | undefined, target: string): string | null | undefined {
  const targets = JSON.parse(targetsJson ?? '[]') as { name: string; due: string | null }[];
  return targets.find((t) => t.name === target)?.due;
}
