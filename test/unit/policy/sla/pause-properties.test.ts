import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCalendars, isOpenAtMs, nextOpeningMs } from '../../../../src/policy/calendar/index.js';
import { computeTargets, type Pause } from '../../../../src/policy/sla.js';
import { everyCalendar } from './every-calendar-policies.js';

// Every (policy, plan, severity) with a resolution target, on every calendar of the shipped policies.
const cases = [...everyCalendar.values()].flatMap((p) =>
  p.plans.flatMap((plan) =>
    p.severities
      .filter((s) => plan.targets.some((t) => t.severity === s.id && t.target !== 'firstResponse'))
      .map((s) => ({ policy: p, plan: plan.id, severity: s.id })),
  ),
);
const calendarsOf = new Map(
  [...everyCalendar.values()].map((p) => [p, compileCalendars(p.calendars, p.timezone)]),
);

const FROM = Date.parse('2025-01-01T00:00:00Z');
const TO = Date.parse('2028-12-31T00:00:00Z');
const DAY = 86_400_000;
const caseArb = fc.constantFrom(...cases);
const start = fc.integer({ min: FROM, max: TO }).map((ms) => ms - (ms % 1000));
/** A closed pause as offsets from the start: begins within 30 days, lasts up to 4 days. */
const pauseArb = fc.tuple(fc.integer({ min: 0, max: 30 * DAY }), fc.integer({ min: 0, max: 4 * DAY }));
const toPause = (startMs: number, [offset, length]: [number, number]): Pause => ({
  from: new Date(startMs + offset),
  to: new Date(startMs + offset + length),
});
const dues = (c: (typeof cases)[number], startMs: number, pauses: Pause[]) =>
  computeTargets(c.policy, c.plan, c.severity, new Date(startMs), pauses).map((t) => t.due!.getTime());

describe('pause properties', () => {
  it('adding a pause never makes a due time earlier, and never moves the first response', () => {
    fc.assert(
      fc.property(caseArb, start, fc.array(pauseArb, { maxLength: 3 }), pauseArb, (c, s, base, extra) => {
        const before = dues(
          c,
          s,
          base.map((p) => toPause(s, p)),
        );
        const after = dues(
          c,
          s,
          [...base, extra].map((p) => toPause(s, p)),
        );
        const targets = computeTargets(c.policy, c.plan, c.severity, new Date(s));
        after.forEach((due, i) => {
          if (targets[i]!.name === 'firstResponse') expect(due).toBe(before[i]);
          else expect(due).toBeGreaterThanOrEqual(before[i]!);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it('a pause wholly outside open hours changes nothing, whatever other pauses there are', () => {
    fc.assert(
      fc.property(
        caseArb,
        start,
        fc.array(pauseArb, { maxLength: 3 }),
        fc.integer({ min: 0, max: 30 * DAY }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (c, s, base, offset, fraction) => {
          const pauses = base.map((p) => toPause(s, p));
          const before = dues(c, s, pauses);
          const targets = computeTargets(c.policy, c.plan, c.severity, new Date(s));
          targets.forEach((t, i) => {
            const calendar = calendarsOf.get(c.policy)!.get(t.calendar)!;
            const from = s + offset;
            if (isOpenAtMs(calendar, from)) return; // only closed stretches are under test
            // Anywhere from `from` up to the next opening, that opening included.
            const to = from + Math.floor((nextOpeningMs(calendar, from) - from) * fraction);
            const closedPause = { from: new Date(from), to: new Date(to) };
            expect(dues(c, s, [...pauses, closedPause])[i]).toBe(before[i]);
          });
        },
      ),
      { numRuns: 1000 },
    );
  });
});
