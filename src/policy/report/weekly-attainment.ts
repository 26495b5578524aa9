import { DateTime } from 'luxon';
import { type ReportCase, targetOutcome } from './sla-report.js';

export interface WeekFigure {
  /** Monday 00:00 UTC of the week. */
  start: Date;
  /** Met / (met + breached) in percent, one decimal; null when nothing was decided. */
  attainment: number | null;
  /** Met plus breached. */
  decided: number;
}

/** The Monday (UTC) `weeks - 1` weeks before the week of `now`: where a `weeks`-week window starts. */
export function weeksWindowStart(now: Date, weeks: number): Date {
  return DateTime.fromJSDate(now, { zone: 'utc' })
    .startOf('week')
    .minus({ weeks: weeks - 1 })
    .toJSDate();
}

/**
 * First-response attainment per policy and week (by the week the case was opened, as the SLA
 * report groups by opening), for the `weeks` weeks ending with the week of `now`. The outcome
 * of each target is the report's own (sla-report.ts targetOutcome), so the chart and
 * `report sla` never disagree. Policies sorted by id; every policy gets every week.
 */
export function weeklyFirstResponse(
  cases: readonly ReportCase[],
  now: Date,
  weeks: number,
): { policy: string; weeks: WeekFigure[] }[] {
  const start = weeksWindowStart(now, weeks);
  const weekMs = 7 * 24 * 3600_000;
  const tally = new Map<string, { met: number; breached: number }[]>();
  for (const c of cases) {
    const index = Math.floor((c.createdAt.getTime() - start.getTime()) / weekMs);
    if (index < 0 || index >= weeks) continue;
    let perWeek = tally.get(c.policy);
    if (!perWeek) {
      perWeek = Array.from({ length: weeks }, () => ({ met: 0, breached: 0 }));
      tally.set(c.policy, perWeek);
    }
    const bucket = perWeek[index]!;
    for (const t of c.targets) {
      if (t.name !== 'firstResponse') continue;
      const outcome = targetOutcome(c, t, now);
      if (outcome.kind === 'met') bucket.met++;
      else if (outcome.kind === 'breached') bucket.breached++;
    }
  }
  return [...tally.keys()].sort().map((policy) => ({
    policy,
    weeks: (tally.get(policy) ?? []).map((b, i) => {
      const decided = b.met + b.breached;
      return {
        start: new Date(start.getTime() + i * weekMs),
        attainment: decided === 0 ? null : Math.round((b.met / decided) * 1000) / 10,
        decided,
      };
    }),
  }));
}
