import { describe, expect, it } from 'vitest';
import { computeTargets, retargetCase } from '../../../../src/policy/sla.js';
import { dueByName, ms, policy } from './shipped-policies.js';

const d = (iso: string): Date => new Date(iso);

// Netop high from Mon 23 Nov 2026 09:00 (+01:00): firstResponse 4 h, resolution1 10 business days
// (80 h), resolution2 30 business days (240 h) on Mon–Fri 08:00–16:00.
const start = '2026-11-23T09:00:00+01:00';

describe('pauses (waiting on customer)', () => {
  it('shifts resolution targets by the open time inside the pause, never first response', () => {
    const pauses = [{ from: d('2026-11-23T10:00:00+01:00'), to: d('2026-11-23T12:00:00+01:00') }];
    const got = dueByName('netop', 'standard', 'high', start, pauses);
    expect(got.firstResponse?.due).toBe(ms('2026-11-23T13:00:00+01:00'));
    // Unpaused resolution1 would be Mon 7 Dec 09:00; 2 open hours paused → 11:00.
    expect(got.resolution1?.due).toBe(ms('2026-12-07T11:00:00+01:00'));
    expect(got.resolution2?.due).toBe(ms('2027-01-04T11:00:00+01:00'));
  });

  it('counts only the open time of a pause that spans nights and a weekend', () => {
    // Paused Fri 27 Nov 14:00 → Tue 1 Dec 10:00: open time inside = 2 h + 8 h + 2 h = 12 h.
    const pauses = [{ from: d('2026-11-27T14:00:00+01:00'), to: d('2026-12-01T10:00:00+01:00') }];
    const got = dueByName('netop', 'standard', 'high', start, pauses);
    // 80 h unpaused ends Mon 7 Dec 09:00; plus 12 h → Tue 8 Dec 13:00.
    expect(got.resolution1?.due).toBe(ms('2026-12-08T13:00:00+01:00'));
  });

  it('ignores a pause entirely in closed time', () => {
    const pauses = [{ from: d('2026-11-28T09:00:00+01:00'), to: d('2026-11-29T18:00:00+01:00') }];
    const got = dueByName('netop', 'standard', 'high', start, pauses);
    expect(got.resolution1?.due).toBe(ms('2026-12-07T09:00:00+01:00'));
  });

  it('merges overlapping pauses and clips a pause that began before the case', () => {
    const pauses = [
      { from: d('2026-11-23T08:00:00+01:00'), to: d('2026-11-23T10:00:00+01:00') }, // 1 h after start counts
      { from: d('2026-11-24T09:00:00+01:00'), to: d('2026-11-24T11:00:00+01:00') },
      { from: d('2026-11-24T10:00:00+01:00'), to: d('2026-11-24T12:00:00+01:00') }, // overlaps: 09–12 = 3 h
    ];
    const got = dueByName('netop', 'standard', 'high', start, pauses);
    expect(got.resolution1?.due).toBe(ms('2026-12-07T13:00:00+01:00')); // 09:00 + 4 h
  });

  it('a pause after the due time changes nothing (the target was already breached)', () => {
    const pauses = [{ from: d('2026-12-08T09:00:00+01:00'), to: d('2026-12-09T09:00:00+01:00') }];
    const got = dueByName('netop', 'standard', 'high', start, pauses);
    expect(got.resolution1?.due).toBe(ms('2026-12-07T09:00:00+01:00'));
  });

  it('an open pause stops resolution clocks: due unknown, time left reported', () => {
    const pauses = [{ from: d('2026-11-24T10:00:00+01:00') }];
    const targets = computeTargets(policy('netop'), 'standard', 'high', d(start), pauses);
    const [fr, r1] = targets;
    expect(fr?.paused).toBe(false);
    expect(fr?.due?.getTime()).toBe(ms('2026-11-23T13:00:00+01:00'));
    expect(r1?.paused).toBe(true);
    if (r1?.paused) {
      expect(r1.due).toBeNull();
      expect(r1.stoppedAt.getTime()).toBe(ms('2026-11-24T10:00:00+01:00'));
      expect(r1.remainingMs).toBe((80 - 7 - 2) * 3_600_000); // Mon 09–16 = 7 h, Tue 08–10 = 2 h
      expect(r1.warnAt).toBeNull(); // 64 h not reached before the pause either
    }
  });

  it('keeps a warning that fired before an open pause', () => {
    // Netop critical resolution1: 40 h, warning at 32 h = Thu 26 Nov 16:00 from Mon 08:00.
    const targets = computeTargets(policy('netop'), 'standard', 'critical', d('2026-11-23T08:00:00+01:00'), [
      { from: d('2026-11-27T10:00:00+01:00') },
    ]);
    const r1 = targets.find((t) => t.name === 'resolution1');
    expect(r1?.paused).toBe(true);
    expect(r1?.warnAt?.getTime()).toBe(ms('2026-11-26T16:00:00+01:00'));
  });

  it('an open pause that begins after the due time leaves the due time known', () => {
    const targets = computeTargets(policy('netop'), 'standard', 'critical', d('2026-11-23T08:00:00+01:00'), [
      { from: d('2026-12-01T10:00:00+01:00') },
    ]);
    const r1 = targets.find((t) => t.name === 'resolution1');
    expect(r1?.paused).toBe(false);
    expect(r1?.due?.getTime()).toBe(ms('2026-11-27T16:00:00+01:00'));
  });

  it('resolution due where the clock runs out exactly as a pause begins is that instant', () => {
    // critical resolution1 from Mon 08:00 = Fri 16:00; a pause from Fri 16:00 must not move it.
    const targets = computeTargets(policy('netop'), 'standard', 'critical', d('2026-11-23T08:00:00+01:00'), [
      { from: d('2026-11-27T16:00:00+01:00') },
    ]);
    expect(targets.find((t) => t.name === 'resolution1')?.due?.getTime()).toBe(
      ms('2026-11-27T16:00:00+01:00'),
    );
  });
});

describe('re-targeting (severity change)', () => {
  const pauses = [{ from: d('2026-11-23T10:00:00+01:00'), to: d('2026-11-23T12:00:00+01:00') }];

  it('recomputes from the case start on the new severity and keeps the pauses', () => {
    const targets = retargetCase(policy('netop'), 'standard', 'critical', d(start), pauses);
    const byName = Object.fromEntries(targets.map((t) => [t.name, t.due?.getTime()]));
    // critical from Mon 09:00: firstResponse 2 h (no pause) = 11:00; resolution1 40 h + 2 h paused.
    expect(byName.firstResponse).toBe(ms('2026-11-23T11:00:00+01:00'));
    expect(byName.resolution1).toBe(ms('2026-11-30T11:00:00+01:00'));
    expect(byName.resolution2).toBe(ms('2026-12-21T11:00:00+01:00'));
  });

  it('a target already met stays met', () => {
    const metAt = { firstResponse: d('2026-11-23T09:05:00+01:00') };
    const targets = retargetCase(policy('netop'), 'standard', 'critical', d(start), pauses, metAt);
    expect(targets.find((t) => t.name === 'firstResponse')?.metAt).toEqual(metAt.firstResponse);
    expect(targets.find((t) => t.name === 'resolution1')?.metAt).toBeUndefined();
  });
});

describe('warnings', () => {
  it('fire at warningFraction of each target, also for businessDays', () => {
    const netop = dueByName('netop', 'standard', 'medium', '2026-11-23T08:00:00+01:00');
    // 1 business day = 8 h → warning after 6h24.
    expect(netop.firstResponse?.warn).toBe(ms('2026-11-23T14:24:00+01:00'));
  });

  it('follow the policy setting', () => {
    const base = policy('fastnetmon');
    const tweaked = { ...base, warningFraction: 0.5 };
    const [fr] = computeTargets(tweaked, 'advanced', 'normal', d('2026-11-23T10:00:00Z'));
    expect(fr?.warnAt?.getTime()).toBe(ms('2026-11-23T16:00:00Z')); // 6 h of 12 h
  });
});
