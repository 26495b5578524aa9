import { describe, expect, it } from 'vitest';
import { compileCalendars } from '../../../../src/policy/calendar/index.js';
import { computeTargets, explainTargets } from '../../../../src/policy/sla.js';
import { policy } from './shipped-policies.js';

describe('explanations', () => {
  it('walks the calendar in words a support manager can read', () => {
    const [fr] = explainTargets(
      policy('netop'),
      'standard',
      'critical',
      new Date('2026-11-27T14:30:00+01:00'),
    );
    expect(fr?.steps).toEqual([
      'Fri 27 Nov 2026 14:30 Europe/Copenhagen: clock starts; 2h00 of "business" business time needed',
      'Fri 27 Nov 14:30–16:00 open: 1h30 counted, 1h30 of 2h00; closed at 16:00',
      'skipped Saturday/Sunday (28 Nov–29 Nov): closed',
      'Mon 30 Nov 08:00–08:30 open: 0h30 counted, 2h00 of 2h00; target reached at 08:30',
      'due Mon 30 Nov 2026 08:30 Europe/Copenhagen (2026-11-30T08:30:00+01:00); warning at 80 % (1h36) Mon 30 Nov 2026 08:06',
    ]);
  });

  it('says when the clock starts at the next opening, names the boundary rule and pauses', () => {
    const explained = explainTargets(
      policy('netop'),
      'standard',
      'critical',
      new Date('2026-11-22T12:00:00+01:00'),
      [{ from: new Date('2026-11-23T10:00:00+01:00'), to: new Date('2026-11-23T12:00:00+01:00') }],
    );
    const [fr, r1] = explained;
    expect(fr?.steps).toContain(
      '"business" is closed then: the clock starts at the next opening, Mon 23 Nov 2026 08:00',
    );
    expect(fr?.steps).toContain(
      'first response never pauses: waiting on the customer does not stop this clock',
    );
    expect(r1?.steps).toContain(
      'paused Mon 23 Nov 10:00–12:00 waiting on customer (2h00 of open time not counted)',
    );
    expect(r1?.steps.some((s) => s.startsWith('Mon 30 Nov 08:00–10:00 open'))).toBe(true);
    const fridayEnd = explainTargets(
      policy('netop'),
      'standard',
      'high',
      new Date('2026-11-27T12:00:00+01:00'),
    )[0];
    expect(fridayEnd?.steps.join('\n')).toContain(
      'target reached exactly at the closing, so it is due then, not at the next opening',
    );
  });

  it('names skipped holidays and folds long runs of ordinary days', () => {
    const p = structuredClone(policy('netop'));
    p.calendars.business = { ...p.calendars.business!, holidays: { country: 'DK', dates: [], halfDays: [] } };
    const r2 = explainTargets(p, 'standard', 'critical', new Date('2026-12-21T08:00:00+01:00'))[2];
    const text = r2?.steps.join('\n') ?? '';
    expect(text).toContain('skipped holiday Christmas Day (Fri 25 Dec 2026)');
    expect(text).toContain("skipped holiday New Year's Day (Fri 1 Jan 2027)");
    expect(text).toMatch(/ordinary open periods/);
    expect((r2?.steps.length ?? 0) < 20).toBe(true);
  });

  it('returns the same targets as computeTargets', () => {
    const at = new Date('2026-03-28T20:00:00+02:00');
    const explained = explainTargets(policy('kolmisoft'), 'basic', 'blocker', at).map((e) => e.target);
    expect(explained).toEqual(computeTargets(policy('kolmisoft'), 'basic', 'blocker', at));
    expect(
      compileCalendars(policy('kolmisoft').calendars, 'Europe/Vilnius').get('emergency')?.alwaysOpen,
    ).toBe(true);
  });
});
