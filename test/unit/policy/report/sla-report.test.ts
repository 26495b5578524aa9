import { describe, expect, it } from 'vitest';
import { parseSlaReportQuery } from '../../../../src/ops/sla-report-query.js';
import { calendarSchema } from '../../../../src/policy/calendar/index.js';
import { slaReportCsv, slaReportTable } from '../../../../src/policy/report/format-sla-report.js';
import {
  buildSlaReport,
  type ReportCase,
  type ReportTarget,
  targetOutcome,
} from '../../../../src/policy/report/sla-report.js';

// Mon-Fri 08:00-16:00 in Copenhagen; 2026-03-02 is a Monday (UTC+1 then).
const business = calendarSchema.parse({
  weekly: {
    mon: ['08:00-16:00'],
    tue: ['08:00-16:00'],
    wed: ['08:00-16:00'],
    thu: ['08:00-16:00'],
    fri: ['08:00-16:00'],
  },
});
const contract = { timezone: 'Europe/Copenhagen', calendars: { business } };
const t = (iso: string): Date => new Date(iso);

function target(name: string, over: Partial<ReportTarget> = {}): ReportTarget {
  return { name, calendar: 'business', due: null, metAt: null, breachedAt: null, ...over };
}
function aCase(id: string, over: Partial<ReportCase> = {}): ReportCase {
  return {
    id,
    policy: 'netop',
    planId: 'gold',
    severity: 'normal',
    customer: 'acme',
    createdAt: t('2026-03-02T08:00:00Z'), // 09:00 Copenhagen
    contract,
    pauses: [],
    targets: [],
    ...over,
  };
}
const NOW = t('2026-03-20T12:00:00Z');

describe('SLA report', () => {
  it('counts business time to meet in the case calendar, skipping nights and weekends', () => {
    // Opened Friday 15:00 local, answered Monday 09:00 local: 1 h Friday + 1 h Monday.
    const c = aCase('A-1', { createdAt: t('2026-03-06T14:00:00Z') });
    const fr = target('firstResponse', { due: t('2026-03-09T11:00:00Z'), metAt: t('2026-03-09T08:00:00Z') });
    expect(targetOutcome(c, fr, NOW)).toEqual({ kind: 'met', businessMs: 2 * 3600_000 });
  });

  it('leaves the time waiting on the customer out of resolution targets, not out of first response', () => {
    const c = aCase('A-2', {
      pauses: [{ from: t('2026-03-02T09:00:00Z'), to: t('2026-03-02T11:00:00Z') }],
    });
    const metAt = t('2026-03-02T13:00:00Z'); // 14:00 local: 5 business hours after the start
    expect(targetOutcome(c, target('firstResponse', { metAt }), NOW)).toEqual({
      kind: 'met',
      businessMs: 5 * 3600_000,
    });
    expect(targetOutcome(c, target('resolution1', { metAt }), NOW)).toEqual({
      kind: 'met',
      businessMs: 3 * 3600_000,
    });
  });

  it('calls a target breached when a breach was recorded, it was met late, or it is past due unmet', () => {
    const c = aCase('A-3');
    const due = t('2026-03-02T12:00:00Z');
    expect(targetOutcome(c, target('firstResponse', { due, breachedAt: due }), NOW).kind).toBe('breached');
    expect(
      targetOutcome(c, target('firstResponse', { due, metAt: t('2026-03-02T12:01:00Z') }), NOW).kind,
    ).toBe('breached');
    expect(targetOutcome(c, target('firstResponse', { due }), NOW).kind).toBe('breached');
    expect(targetOutcome(c, target('firstResponse', { due: t('2026-03-25T00:00:00Z') }), NOW).kind).toBe(
      'pending',
    );
    expect(targetOutcome(c, target('resolution1', { due: null }), NOW).kind).toBe('pending'); // paused
  });

  it('groups, counts, and gives attainment, median and p90 per target', () => {
    const hours = (h: number) => new Date(Date.parse('2026-03-02T08:00:00Z') + h * 3600_000);
    const met = (h: number) => target('firstResponse', { due: hours(4), metAt: hours(h) });
    const cases = [
      aCase('A-1', { targets: [met(1)] }),
      aCase('A-2', { targets: [met(2)] }),
      aCase('A-3', { targets: [met(3), target('resolution1', { due: t('2026-03-30T00:00:00Z') })] }),
      aCase('A-4', { targets: [target('firstResponse', { due: hours(4), breachedAt: hours(4) })] }),
      aCase('B-1', { planId: 'silver', targets: [met(0.5)] }),
      aCase('OLD', { createdAt: t('2026-02-27T08:00:00Z'), targets: [met(1)] }),
    ];
    const report = buildSlaReport(
      cases,
      { from: t('2026-03-01T00:00:00Z'), to: t('2026-04-01T00:00:00Z') },
      'plan',
      NOW,
    );
    expect(report).toEqual({
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
      by: 'plan',
      targets: ['firstResponse', 'resolution1'],
      rows: [
        {
          key: 'netop/gold',
          cases: 4,
          firstResponse: {
            met: 3,
            breached: 1,
            pending: 0,
            attainment: 75,
            medianMinutes: 120,
            p90Minutes: 180,
          },
          resolution1: {
            met: 0,
            breached: 0,
            pending: 1,
            attainment: null,
            medianMinutes: null,
            p90Minutes: null,
          },
        },
        {
          key: 'netop/silver',
          cases: 1,
          firstResponse: {
            met: 1,
            breached: 0,
            pending: 0,
            attainment: 100,
            medianMinutes: 30,
            p90Minutes: 30,
          },
          resolution1: {
            met: 0,
            breached: 0,
            pending: 0,
            attainment: null,
            medianMinutes: null,
            p90Minutes: null,
          },
        },
      ],
    });
    const byMonth = buildSlaReport(
      cases,
      { from: t('2026-01-01T00:00:00Z'), to: t('2026-12-01T00:00:00Z') },
      'month',
      NOW,
    );
    expect(byMonth.rows.map((r) => [r.key, r.cases])).toEqual([
      ['2026-02', 1],
      ['2026-03', 5],
    ]);
  });

  it('writes CSV for spreadsheets (quoted where needed) and a table for people', () => {
    const report = buildSlaReport(
      [
        aCase('A-1', {
          customer: 'Acme, Inc.',
          targets: [target('firstResponse', { metAt: t('2026-03-02T09:00:00Z') })],
        }),
      ],
      { from: t('2026-03-01T00:00:00Z'), to: t('2026-04-01T00:00:00Z') },
      'customer',
      NOW,
    );
    expect(slaReportCsv(report).split('\r\n')).toEqual([
      'key,cases,firstResponse.met,firstResponse.breached,firstResponse.pending,firstResponse.attainment,firstResponse.medianMinutes,firstResponse.p90Minutes',
      '"Acme, Inc.",1,1,0,0,100,60,60',
      '',
    ]);
    expect(slaReportTable(report)).toContain('Acme, Inc.      1  1/0/0 100% 60/60');
  });
});

describe('report query', () => {
  it('takes whole UTC days, the last one included, and names what is wrong', () => {
    expect(parseSlaReportQuery({ from: '2026-11-01', to: '2026-11-30', by: 'plan' })).toEqual({
      from: t('2026-11-01T00:00:00Z'),
      to: t('2026-12-01T00:00:00Z'),
      by: 'plan',
    });
    expect(
      parseSlaReportQuery({ from: '2026-11-01T00:00:00+01:00', to: '2026-11-02T00:00:00Z', policy: 'netop' }),
    ).toMatchObject({
      from: t('2026-10-31T23:00:00Z'),
      by: 'policy',
      policy: 'netop',
    });
    expect(() => parseSlaReportQuery({ from: '2026-11-01' })).toThrow('to is required');
    expect(() => parseSlaReportQuery({ from: '2026-11-01', to: '2026-13-01' })).toThrow(
      /to: "2026-13-01" is not a date/,
    );
    expect(() => parseSlaReportQuery({ from: '2026-11-01', to: '2026-11-01T10:00' })).toThrow(
      /ISO instant with an offset/,
    );
    expect(() => parseSlaReportQuery({ from: '2026-11-02', to: '2026-11-01' })).toThrow(
      'to must be after from',
    );
    expect(() => parseSlaReportQuery({ from: '2026-11-01', to: '2026-11-30', by: 'team' })).toThrow(
      'by: "team" is not one of policy, plan, severity, customer, month',
    );
  });
});
