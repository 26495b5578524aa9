import { describe, expect, it } from 'vitest';
import type { ReportCase, ReportTarget } from '../../../../src/policy/report/sla-report.js';
import { weeklyFirstResponse, weeksWindowStart } from '../../../../src/policy/report/weekly-attainment.js';

const t = (iso: string): Date => new Date(iso);
// Wednesday; its week starts Monday 2026-03-16.
const NOW = t('2026-03-18T12:00:00Z');

function aCase(policy: string, createdAt: string, targets: Partial<ReportTarget>[]): ReportCase {
  return {
    id: `${policy}-${createdAt}`,
    policy,
    planId: 'gold',
    severity: 'normal',
    customer: 'acme',
    createdAt: t(createdAt),
    contract: null,
    pauses: [],
    targets: targets.map((x) => ({
      name: 'firstResponse',
      calendar: null,
      due: null,
      metAt: null,
      breachedAt: null,
      ...x,
    })),
  };
}

describe('weekly first-response attainment', () => {
  it('starts the window on the Monday weeks-1 weeks before this week', () => {
    expect(weeksWindowStart(NOW, 12).toISOString()).toBe('2025-12-29T00:00:00.000Z');
    expect(weeksWindowStart(NOW, 1).toISOString()).toBe('2026-03-16T00:00:00.000Z');
  });

  it('buckets by the week a case was opened, with the report’s own outcomes', () => {
    const series = weeklyFirstResponse(
      [
        // This week: one met on time, one past due unmet (a breach), one still pending.
        aCase('netop', '2026-03-16T09:00:00Z', [
          { due: t('2026-03-16T10:00:00Z'), metAt: t('2026-03-16T09:30:00Z') },
        ]),
        aCase('netop', '2026-03-17T09:00:00Z', [{ due: t('2026-03-17T10:00:00Z') }]),
        aCase('netop', '2026-03-18T11:00:00Z', [{ due: t('2026-03-18T13:00:00Z') }]),
        // Last week: met late is a breach; resolution targets do not count.
        aCase('netop', '2026-03-10T09:00:00Z', [
          { due: t('2026-03-10T10:00:00Z'), metAt: t('2026-03-10T11:00:00Z') },
          { name: 'resolution1', due: t('2026-03-10T12:00:00Z'), metAt: t('2026-03-10T11:00:00Z') },
        ]),
        aCase('fastnetmon', '2026-03-16T00:00:00Z', [
          { due: t('2026-03-16T01:00:00Z'), metAt: t('2026-03-16T00:10:00Z') },
        ]),
        // Before the window: left out.
        aCase('fastnetmon', '2025-12-28T23:59:00Z', [
          { due: t('2025-12-29T01:00:00Z'), breachedAt: t('2025-12-29T01:00:00Z') },
        ]),
      ],
      NOW,
      12,
    );
    expect(series.map((s) => s.policy)).toEqual(['fastnetmon', 'netop']);
    const netop = series[1]?.weeks ?? [];
    expect(netop).toHaveLength(12);
    expect(netop[11]).toEqual({ start: t('2026-03-16T00:00:00Z'), attainment: 50, decided: 2 });
    expect(netop[10]).toEqual({ start: t('2026-03-09T00:00:00Z'), attainment: 0, decided: 1 });
    expect(netop.slice(0, 10).every((w) => w.attainment === null && w.decided === 0)).toBe(true);
    expect(series[0]?.weeks[0]).toEqual({ start: t('2025-12-29T00:00:00Z'), attainment: null, decided: 0 });
    expect(series[0]?.weeks[11]?.attainment).toBe(100);
  });
});
