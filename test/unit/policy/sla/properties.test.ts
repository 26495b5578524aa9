import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileCalendars, openTimeBetween } from '../../../../src/policy/calendar/index.js';
import type { Policy } from '../../../../src/policy/policy-schema.js';
import { computeTargets } from '../../../../src/policy/sla.js';
import { shipped } from './shipped-policies.js';

// Every (policy, plan, severity) that has targets, plus a variant of Netop with Danish public
// holidays and a half-day, so the properties also cover closed weekdays.
const withHolidays: Policy = structuredClone(shipped.get('netop')!);
withHolidays.calendars.business = {
  ...withHolidays.calendars.business!,
  holidays: { country: 'DK', dates: ['2027-06-04'], halfDays: [{ date: '2026-12-31', open: '08:00-12:00' }] },
};
const policies = [...shipped.values(), withHolidays];
const cases = policies.flatMap((p) =>
  p.plans.flatMap((plan) =>
    p.severities
      .filter((s) => plan.targets.some((t) => t.severity === s.id))
      .map((s) => ({ policy: p, plan: plan.id, severity: s.id })),
  ),
);

const FROM = Date.parse('2025-01-01T00:00:00Z');
const TO = Date.parse('2028-12-31T00:00:00Z');
const instant = fc.integer({ min: FROM, max: TO }).map((ms) => ms - (ms % 1000)); // also odd seconds
const caseArb = fc.constantFrom(...cases);

describe('SLA properties', () => {
  it('due times are non-decreasing in the start instant', () => {
    fc.assert(
      fc.property(caseArb, instant, fc.integer({ min: 0, max: 10 * 86_400_000 }), (c, a, delta) => {
        const early = computeTargets(c.policy, c.plan, c.severity, new Date(a));
        const late = computeTargets(c.policy, c.plan, c.severity, new Date(a + delta));
        early.forEach((t, i) => {
          expect(late[i]!.due!.getTime()).toBeGreaterThanOrEqual(t.due!.getTime());
          expect(late[i]!.warnAt!.getTime()).toBeGreaterThanOrEqual(t.warnAt!.getTime());
        });
      }),
      { numRuns: 3000 },
    );
  });

  it('the open time between start and due equals the target, inside or outside open hours', () => {
    fc.assert(
      fc.property(caseArb, instant, (c, start) => {
        const calendars = compileCalendars(c.policy.calendars, c.policy.timezone);
        for (const t of computeTargets(c.policy, c.plan, c.severity, new Date(start))) {
          const calendar = calendars.get(t.calendar)!;
          expect(openTimeBetween(calendar, new Date(start), t.due!)).toBe(t.businessMs);
          expect(openTimeBetween(calendar, new Date(start), t.warnAt!)).toBe(t.warnMs);
          // Boundary rule: no open time is "wasted" before the due time, so one ms earlier is short.
          expect(openTimeBetween(calendar, new Date(start), new Date(t.due!.getTime() - 1))).toBe(
            t.businessMs - 1,
          );
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('with closed pauses, open time outside the pauses equals the resolution target', () => {
    fc.assert(
      fc.property(
        caseArb,
        instant,
        fc.array(
          fc.tuple(fc.integer({ min: 0, max: 60 * 86_400_000 }), fc.integer({ min: 1, max: 5 * 86_400_000 })),
          {
            maxLength: 3,
          },
        ),
        (c, start, rawPauses) => {
          const pauses = rawPauses.map(([offset, length]) => ({
            from: new Date(start + offset),
            to: new Date(start + offset + length),
          }));
          const calendars = compileCalendars(c.policy.calendars, c.policy.timezone);
          for (const t of computeTargets(c.policy, c.plan, c.severity, new Date(start), pauses)) {
            const calendar = calendars.get(t.calendar)!;
            const due = t.due!.getTime();
            let paused = 0;
            if (t.name !== 'firstResponse') {
              // Union of the pauses clipped to [start, due], measured in open time.
              const spans = pauses
                .map((p) => [Math.max(p.from.getTime(), start), Math.min(p.to.getTime(), due)] as const)
                .filter(([a, b]) => b > a)
                .sort((x, y) => x[0] - y[0]);
              let cursor = start;
              for (const [a, b] of spans) {
                const from = Math.max(a, cursor);
                if (b > from) paused += openTimeBetween(calendar, new Date(from), new Date(b));
                cursor = Math.max(cursor, b);
              }
            }
            expect(openTimeBetween(calendar, new Date(start), t.due!) - paused).toBe(t.businessMs);
          }
        },
      ),
      { numRuns: 1500 },
    );
  });
});
