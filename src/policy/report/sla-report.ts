import { DateTime } from 'luxon';
import {
  type BusinessCalendar,
  type CalendarDefinitions,
  compileCalendars,
  openMsBetween,
} from '../calendar/index.js';
import { TARGET_NAMES } from '../plan-schema.js';
import type { Pause } from '../sla/pauses.js';
import { normalisePauses } from '../sla/pauses.js';

export const REPORT_GROUPINGS = ['policy', 'plan', 'severity', 'customer', 'month'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

/** Which cases (opened in [from, to), of one policy if given) and how to group them. */
export interface SlaReportQuery {
  from: Date;
  to: Date;
  policy?: string;
  by: ReportGrouping;
}

/** One target of one case, as stored. */
export interface ReportTarget {
  name: string;
  calendar: string | null;
  due: Date | null;
  metAt: Date | null;
  breachedAt: Date | null;
}

/** One case as the report needs it: who, when, under which contract, and its targets. */
export interface ReportCase {
  id: string;
  policy: string;
  planId: string;
  severity: string;
  /** The account, or the sender's address when the case has no account. */
  customer: string;
  createdAt: Date;
  /** The time zone and calendars of the contract the case was opened under (its plan snapshot). */
  contract: { timezone: string; calendars: CalendarDefinitions } | null;
  pauses: Pause[];
  targets: ReportTarget[];
}

export interface TargetFigures {
  met: number;
  breached: number;
  pending: number;
  /** met / (met + breached), in percent with one decimal; null when nothing is decided yet. */
  attainment: number | null;
  /** Business minutes from the case's start to meeting the target, over the met ones. */
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export type SlaReportRow = { key: string; cases: number } & {
  [target: string]: TargetFigures | string | number;
};

export interface SlaReport {
  from: string;
  to: string;
  by: ReportGrouping;
  /** Target names in the order the columns go: the known targets first, as plans name them. */
  targets: string[];
  rows: SlaReportRow[];
}

export type TargetOutcome = { kind: 'met'; businessMs: number } | { kind: 'breached' } | { kind: 'pending' };

const WALL_CLOCK: null = null;

/**
 * How a target of a case stands at `now`: met (on time), breached (a breach was recorded, it
 * was met late, or it is past due unmet) or still pending. A met target's time counts business
 * time of its calendar from the case's start; resolution clocks skip the time waiting on the
 * customer, as the SLA itself does.
 */
export function targetOutcome(c: ReportCase, t: ReportTarget, now: Date): TargetOutcome {
  const late = t.metAt !== null && t.due !== null && t.metAt.getTime() > t.due.getTime();
  if (t.breachedAt !== null || late) return { kind: 'breached' };
  if (t.metAt !== null) return { kind: 'met', businessMs: businessMsToMeet(c, t, t.metAt) };
  if (t.due !== null && t.due.getTime() <= now.getTime()) return { kind: 'breached' };
  return { kind: 'pending' };
}

function calendarOf(c: ReportCase, name: string | null): BusinessCalendar | typeof WALL_CLOCK {
  if (!c.contract || !name || !c.contract.calendars[name]) return WALL_CLOCK;
  return compileCalendars(c.contract.calendars, c.contract.timezone).get(name) ?? WALL_CLOCK;
}

function businessMsToMeet(c: ReportCase, t: ReportTarget, metAt: Date): number {
  const calendar = calendarOf(c, t.calendar);
  const open = (from: number, to: number): number =>
    calendar === WALL_CLOCK ? Math.max(0, to - from) : openMsBetween(calendar, from, to);
  const start = c.createdAt.getTime();
  const end = metAt.getTime();
  let ms = open(start, end);
  if (t.name !== 'firstResponse') {
    for (const [from, to] of normalisePauses(c.pauses, start)) {
      if (from >= end) break;
      ms -= open(from, Math.min(to, end));
    }
  }
  return Math.max(0, ms);
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? null;
}

const minutes = (ms: number | null): number | null => (ms === null ? null : Math.round(ms / 6000) / 10);

export function groupKey(c: ReportCase, by: ReportGrouping): string {
  switch (by) {
    case 'policy':
      return c.policy;
    case 'plan':
      return `${c.policy}/${c.planId || '(none)'}`;
    case 'severity':
      return `${c.policy}/${c.severity}`;
    case 'customer':
      return c.customer;
    case 'month':
      // The month the case was opened in, in its contract's time zone.
      return DateTime.fromJSDate(c.createdAt, { zone: c.contract?.timezone ?? 'UTC' }).toFormat('yyyy-MM');
  }
}

function figures(outcomes: TargetOutcome[]): TargetFigures {
  const metMs = outcomes.flatMap((o) => (o.kind === 'met' ? [o.businessMs] : [])).sort((a, b) => a - b);
  const breached = outcomes.filter((o) => o.kind === 'breached').length;
  const met = metMs.length;
  return {
    met,
    breached,
    pending: outcomes.length - met - breached,
    attainment: met + breached === 0 ? null : Math.round((met / (met + breached)) * 1000) / 10,
    medianMinutes: minutes(percentile(metMs, 0.5)),
    p90Minutes: minutes(percentile(metMs, 0.9)),
  };
}

/**
 * SLA attainment of the cases opened in [from, to), one row per group, sorted by key. Every
 * row has figures for every target any case of the report has.
 */
export function buildSlaReport(
  cases: readonly ReportCase[],
  window: { from: Date; to: Date },
  by: ReportGrouping,
  now: Date,
): SlaReport {
  const inWindow = cases.filter(
    (c) => c.createdAt.getTime() >= window.from.getTime() && c.createdAt.getTime() < window.to.getTime(),
  );
  const present = new Set(inWindow.flatMap((c) => c.targets.map((t) => t.name)));
  const known: readonly string[] = TARGET_NAMES;
  const targets = [
    ...known.filter((n) => present.has(n)),
    ...[...present].filter((n) => !known.includes(n)).sort(),
  ];
  const groups = new Map<string, ReportCase[]>();
  for (const c of inWindow) {
    const key = groupKey(c, by);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const rows = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, members]) => {
      const row: SlaReportRow = { key, cases: members.length };
      for (const name of targets) {
        const outcomes = members.flatMap((c) =>
          c.targets.filter((t) => t.name === name).map((t) => targetOutcome(c, t, now)),
        );
        row[name] = figures(outcomes);
      }
      return row;
    });
  return { from: window.from.toISOString(), to: window.to.toISOString(), by, targets, rows };
}
