import { DateTime } from 'luxon';
import {
  type BusinessCalendar,
  isOpenAtMs,
  nextOpeningMs,
  openIntervals,
  openMsBetween,
} from '../calendar/index.js';
import type { Policy } from '../policy-schema.js';
import { computeTargets, type TargetDue } from './compute-targets.js';
import { resolveContract } from './contract.js';
import { clockInZone, formatDuration, humanInZone, isoInZone, rangeInZone } from './format-time.js';
import { normalisePauses, type Pause, type PauseSpans } from './pauses.js';
import type { PlanSnapshot } from './plan-snapshot.js';

export interface ExplainedTarget {
  target: TargetDue;
  /** The calendar walk in words, for a support manager. */
  steps: string[];
}

/** A step plus what the compressor needs to know: routine steps may be folded into a summary. */
interface Step {
  text: string;
  routine: boolean;
  /** For open periods: where it starts and ends, and how much it counted. */
  fromMs?: number;
  toMs?: number;
  countedMs?: number;
  usedAfterMs?: number;
}

/** Long targets (Netop 90 business days) would list every day; fold runs longer than this. */
const FOLD_RUNS_LONGER_THAN = 6;

/** Open intervals in [fromMs, toMs) with the paused parts cut out. */
function countedSegments(
  calendar: BusinessCalendar,
  fromMs: number,
  toMs: number,
  pauses: PauseSpans,
): Array<[number, number]> {
  const segments: Array<[number, number]> = [];
  for (const [a, b] of openIntervals(calendar, fromMs, toMs)) {
    let cursor = a;
    for (const [p0, p1] of pauses) {
      if (p1 <= cursor || p0 >= b) continue;
      if (p0 > cursor) segments.push([cursor, p0]);
      cursor = Math.max(cursor, p1);
      if (cursor >= b) break;
    }
    if (cursor < b) segments.push([cursor, b]);
  }
  return segments;
}

function closedDaySteps(calendar: BusinessCalendar, gapFrom: number, gapTo: number): Step[] {
  const zone = calendar.zone;
  const steps: Step[] = [];
  let ordinary: number[] = [];
  const flushOrdinary = (): void => {
    if (ordinary.length === 0) return;
    const names = ordinary.map((ms) =>
      DateTime.fromMillis(ms, { zone }).toFormat('cccc', { locale: 'en-GB' }),
    );
    const first = DateTime.fromMillis(ordinary[0]!, { zone }).toFormat('d LLL', { locale: 'en-GB' });
    const last = DateTime.fromMillis(ordinary[ordinary.length - 1]!, { zone }).toFormat('d LLL', {
      locale: 'en-GB',
    });
    steps.push({
      text: `skipped ${names.join('/')} (${first === last ? first : `${first}–${last}`}): closed`,
      routine: true,
    });
    ordinary = [];
  };
  for (let d = calendar.dayIndexAt(gapFrom); ; d++) {
    const day = calendar.day(d);
    if (day.start >= gapTo) break;
    if (day.start < gapFrom || day.end > gapTo || day.openMs > 0) continue;
    if (day.exception) {
      flushOrdinary();
      steps.push({
        text: `skipped holiday ${day.exception.name} (${DateTime.fromMillis(day.start, { zone }).toFormat('ccc d LLL yyyy', { locale: 'en-GB' })})`,
        routine: false,
      });
    } else {
      ordinary.push(day.start);
    }
  }
  flushOrdinary();
  return steps;
}

function pauseSteps(
  calendar: BusinessCalendar,
  pauses: PauseSpans,
  gapFrom: number,
  gapTo: number,
  endMs: number,
): Step[] {
  const zone = calendar.zone;
  return pauses
    .filter(([p0]) => p0 >= gapFrom && p0 < Math.max(gapTo, gapFrom + 1) && p0 <= endMs)
    .map(([p0, p1]) => {
      if (p1 === Infinity) {
        return {
          text: `paused since ${humanInZone(p0, zone)} waiting on customer: clock stopped`,
          routine: false,
        };
      }
      const lost = openMsBetween(calendar, p0, p1);
      return {
        text: `paused ${rangeInZone(p0, p1, zone)} waiting on customer (${formatDuration(lost)} of open time not counted)`,
        routine: false,
      };
    });
}

function halfDayNote(calendar: BusinessCalendar, fromMs: number): string {
  const exception = calendar.day(calendar.dayIndexAt(fromMs)).exception;
  return exception?.kind === 'halfDay' ? ` (short day: ${exception.name})` : '';
}

/** Replaces long runs of routine steps (ordinary open days, nights, weekends) by one summary line. */
function fold(steps: Step[], zone: string, totalMs: number): string[] {
  const out: string[] = [];
  let run: Step[] = [];
  const flush = (): void => {
    const periods = run.filter((s) => s.countedMs !== undefined);
    if (run.length <= FOLD_RUNS_LONGER_THAN || periods.length < 2) {
      out.push(...run.map((s) => s.text));
    } else {
      const first = periods[0]!;
      const last = periods[periods.length - 1]!;
      const counted = periods.reduce((sum, s) => sum + (s.countedMs ?? 0), 0);
      out.push(
        `${rangeInZone(first.fromMs!, last.toMs!, zone)}: ${periods.length} ordinary open periods, ${formatDuration(counted)} counted (${formatDuration(last.usedAfterMs!)} of ${formatDuration(totalMs)}); nights and closed days between them skipped`,
      );
    }
    run = [];
  };
  // The first two and last two steps always stay, so start and end read in full.
  steps.forEach((step, i) => {
    if (step.routine && i >= 2 && i < steps.length - 2) run.push(step);
    else {
      flush();
      out.push(step.text);
    }
  });
  flush();
  return out;
}

function explainOne(
  target: TargetDue,
  calendar: BusinessCalendar,
  startMs: number,
  pauses: PauseSpans,
  caseHasPauses: boolean,
  warningFraction: number,
): string[] {
  const zone = calendar.zone;
  const total = target.businessMs;
  const unitNote =
    target.unit === 'businessDays'
      ? ` (${target.amount} business day${target.amount === 1 ? '' : 's'} × ${formatDuration(calendar.standardDayMs)})`
      : '';
  const steps: Step[] = [];
  const clockStart = nextOpeningMs(calendar, startMs);
  steps.push({
    text: `${humanInZone(startMs, zone)} ${zone}: clock starts; ${formatDuration(total)} of "${calendar.name}" business time needed${unitNote}`,
    routine: false,
  });
  if (!isOpenAtMs(calendar, startMs)) {
    steps.push({
      text: `"${calendar.name}" is closed then: the clock starts at the next opening, ${humanInZone(clockStart, zone)}`,
      routine: false,
    });
  }
  if (target.name === 'firstResponse' && caseHasPauses) {
    steps.push({
      text: 'first response never pauses: waiting on the customer does not stop this clock',
      routine: false,
    });
  }

  const endMs = target.paused ? target.stoppedAt.getTime() : target.due.getTime();
  const segments = countedSegments(calendar, startMs, endMs, pauses);
  let used = 0;
  let previousEnd = startMs;
  segments.forEach(([a, b], i) => {
    steps.push(...pauseSteps(calendar, pauses, previousEnd, a, endMs));
    steps.push(...closedDaySteps(calendar, previousEnd, a));
    used += b - a;
    const isLast = i === segments.length - 1;
    const pausedAtEnd = pauses.some(([p0]) => p0 === b);
    let ending: string;
    if (isLast && !target.paused) {
      ending = isOpenAtMs(calendar, b)
        ? `target reached at ${clockInZone(b, zone)}`
        : `target reached exactly at the closing, so it is due then, not at the next opening`;
    } else {
      ending = `${pausedAtEnd ? 'paused' : 'closed'} at ${clockInZone(b, zone)}`;
    }
    steps.push({
      text: `${rangeInZone(a, b, zone)} open${halfDayNote(calendar, a)}: ${formatDuration(b - a)} counted, ${formatDuration(used)} of ${formatDuration(total)}; ${ending}`,
      routine: !pausedAtEnd && !(isLast && !target.paused) && halfDayNote(calendar, a) === '',
      fromMs: a,
      toMs: b,
      countedMs: b - a,
      usedAfterMs: used,
    });
    previousEnd = b;
  });

  if (target.paused) {
    steps.push(...pauseSteps(calendar, pauses, previousEnd, Infinity, endMs));
    steps.push({
      text: `due time unknown while paused: ${formatDuration(target.remainingMs)} of ${formatDuration(total)} left when the clock stopped`,
      routine: false,
    });
    if (target.warnAt) {
      steps.push({
        text: `warning at ${Math.round(warningFraction * 100)} % was ${humanInZone(target.warnAt.getTime(), zone)}`,
        routine: false,
      });
    }
  } else {
    steps.push({
      text: `due ${humanInZone(endMs, zone)} ${zone} (${isoInZone(endMs, zone)}); warning at ${Math.round(warningFraction * 100)} % (${formatDuration(target.warnMs)}) ${humanInZone(target.warnAt.getTime(), zone)}`,
      routine: false,
    });
  }
  return fold(steps, zone, total);
}

/** computeTargets plus, per target, the calendar walk in words (same arguments, same results). */
export function explainTargets(
  source: Policy | PlanSnapshot,
  planId: string,
  severityId: string,
  startedAt: Date,
  pauses: readonly Pause[] = [],
): ExplainedTarget[] {
  const contract = resolveContract(source, planId, severityId);
  const targets = computeTargets(source, planId, severityId, startedAt, pauses);
  const startMs = startedAt.getTime();
  const spans = normalisePauses(pauses, startMs);
  return targets.map((target, i) => {
    const calendar = contract.targets[i]!.calendar;
    const applied = target.name === 'firstResponse' ? [] : spans;
    return {
      target,
      steps: explainOne(target, calendar, startMs, applied, spans.length > 0, contract.warningFraction),
    };
  });
}
