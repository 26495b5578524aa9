import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { answerSlaBatch } from '../../../../src/commands/sla-batch.js';
import { answerSlaQuery, type SlaQuery } from '../../../../src/commands/sla-query.js';
import { currentTargets } from '../../../../src/pipeline/case-clock.js';
import { snapshotPlan } from '../../../../src/policy/sla.js';
import type { CaseRecord } from '../../../../src/store/case-store.js';
import { runSlaCli } from '../../../helpers/sla-cli.js';
import { everyCalendar } from './every-calendar-policies.js';
import { shippedPoliciesDir } from './shipped-policies.js';

interface PauseRow {
  why: string;
  policy: string;
  plan: string;
  severity: string;
  at: string;
  /** FROM/TO, as given to --pause. */
  pauses: string[];
  resolution1: string;
}

const toQuery = (row: PauseRow, pauses: string[]): SlaQuery => ({
  policy: row.policy,
  plan: row.plan,
  severity: row.severity,
  at: row.at,
  pauses: pauses.map((p) => {
    const [from = '', to = ''] = p.split('/');
    return { from, to };
  }),
});

function expectRows(rows: PauseRow[]): void {
  for (const row of rows) {
    const paused = answerSlaQuery(everyCalendar, toQuery(row, row.pauses), false).targets;
    const unpaused = answerSlaQuery(everyCalendar, toQuery(row, []), false).targets;
    const due = (targets: typeof paused, name: string) => targets.find((t) => t.name === name)?.due;
    expect(due(paused, 'resolution1'), row.why).toBe(row.resolution1);
    expect(due(paused, 'firstResponse'), `${row.why}: first response never pauses`).toBe(
      due(unpaused, 'firstResponse'),
    );
  }
}

// Hand-computed: open time inside the pauses is added to the resolution clock, closed time inside
// them changes nothing. DST 2026: spring 29 Mar, autumn 25 Oct (both Sundays, every zone here).
describe('sla --pause, per calendar', () => {
  it('netop "business" (Copenhagen, Mon–Fri 08–16), critical resolution1 = 40 h', () => {
    const r = { policy: 'netop', plan: 'standard', severity: 'critical' };
    expectRows([
      {
        ...r,
        why: 'night: Mon 15–16 and Tue 08–09 are paused → unpaused Mon 30 Nov 09:00 + 2 h',
        at: '2026-11-23T09:00:00+01:00',
        pauses: ['2026-11-23T15:00:00+01:00/2026-11-24T09:00:00+01:00'],
        resolution1: '2026-11-30T11:00:00+01:00',
      },
      {
        ...r,
        why: 'weekend over the autumn switch: Fri 15–16 and Mon 08–10 paused → Mon 26 Oct 09:00 + 3 h',
        at: '2026-10-19T09:00:00+02:00',
        pauses: ['2026-10-23T15:00:00+02:00/2026-10-26T10:00:00+01:00'],
        resolution1: '2026-10-26T12:00:00+01:00',
      },
      {
        ...r,
        why: 'weekend over the spring switch, resumed exactly at opening: Fri 12–16 paused → Thu 2 Apr 14:00 + 4 h',
        at: '2026-03-26T14:00:00+01:00',
        pauses: ['2026-03-27T12:00:00+01:00/2026-03-30T08:00:00+02:00'],
        resolution1: '2026-04-03T10:00:00+02:00',
      },
      {
        ...r,
        why: 'wholly in the weekend, ending exactly at opening: no effect',
        at: '2026-11-23T09:00:00+01:00',
        pauses: ['2026-11-28T10:00:00+01:00/2026-11-30T08:00:00+01:00'],
        resolution1: '2026-11-30T09:00:00+01:00',
      },
      {
        ...r,
        why: 'overlapping pauses in any order count once (Tue 09–12), a night pause not at all',
        at: '2026-11-23T09:00:00+01:00',
        pauses: [
          '2026-11-24T10:00:00+01:00/2026-11-24T12:00:00+01:00',
          '2026-11-24T17:00:00+01:00/2026-11-25T07:00:00+01:00',
          '2026-11-24T09:00:00+01:00/2026-11-24T11:00:00+01:00',
        ],
        resolution1: '2026-11-30T12:00:00+01:00',
      },
    ]);
  });

  it('fastnetmon "support" (London, Mon–Fri 10–17), resolution1 = 14 h', () => {
    const r = { policy: 'fastnetmon', plan: 'advanced', severity: 'normal' };
    expectRows([
      {
        ...r,
        why: 'night: Mon 10–16 counts, Tue 11–17 and Wed 10–12 finish it',
        at: '2026-03-23T10:00:00+00:00',
        pauses: ['2026-03-23T16:00:00+00:00/2026-03-24T11:00:00+00:00'],
        resolution1: '2026-03-25T12:00:00+00:00',
      },
      {
        ...r,
        why: 'weekend over the spring switch: Fri 15–16, Mon 12–17, Tue 10–17, Wed 10–11',
        at: '2026-03-27T15:00:00+00:00',
        pauses: ['2026-03-27T16:00:00+00:00/2026-03-30T12:00:00+01:00'],
        resolution1: '2026-04-01T11:00:00+01:00',
      },
      {
        ...r,
        why: 'wholly in the autumn-switch weekend, ending exactly at opening: no effect',
        at: '2026-10-23T16:00:00+01:00',
        pauses: ['2026-10-24T09:00:00+01:00/2026-10-26T10:00:00+00:00'],
        resolution1: '2026-10-27T16:00:00+00:00',
      },
    ]);
  });

  it('kolmisoft "emergency" (24x7, Vilnius), blocker resolution1 = 24 h: pauses count in real hours', () => {
    const r = { policy: 'kolmisoft', plan: 'enterprise', severity: 'blocker' };
    expectRows([
      {
        ...r,
        why: 'spring night: 22:00 → 06:00 on the wall is 7 real hours',
        at: '2026-03-28T12:00:00+02:00',
        pauses: ['2026-03-28T22:00:00+02:00/2026-03-29T06:00:00+03:00'],
        resolution1: '2026-03-29T20:00:00+03:00',
      },
      {
        ...r,
        why: 'autumn night: 02:00 → 05:00 on the wall is 4 real hours',
        at: '2026-10-24T12:00:00+03:00',
        pauses: ['2026-10-25T02:00:00+03:00/2026-10-25T05:00:00+02:00'],
        resolution1: '2026-10-25T15:00:00+02:00',
      },
      {
        ...r,
        why: 'overlapping and nested pauses: 10:00–15:00 counts once, 5 h',
        at: '2026-11-02T00:00:00+02:00',
        pauses: [
          '2026-11-02T11:00:00+02:00/2026-11-02T15:00:00+02:00',
          '2026-11-02T10:00:00+02:00/2026-11-02T12:00:00+02:00',
          '2026-11-02T14:00:00+02:00/2026-11-02T14:30:00+02:00',
        ],
        resolution1: '2026-11-03T05:00:00+02:00',
      },
    ]);
  });

  it('kolmisoft "working" (Vilnius, Mon–Fri 09–18), medium resolution1 = 18 h', () => {
    const r = { policy: 'kolmisoft', plan: 'enterprise', severity: 'medium' };
    expectRows([
      {
        ...r,
        why: 'autumn-switch weekend, resumed exactly at opening: Fri 17–18 paused',
        at: '2026-10-23T10:00:00+03:00',
        pauses: ['2026-10-23T17:00:00+03:00/2026-10-26T09:00:00+02:00'],
        resolution1: '2026-10-27T11:00:00+02:00',
      },
      {
        ...r,
        why: 'spring-switch weekend: Fri 10–16, Mon 12–18, Tue 09–15',
        at: '2026-03-27T10:00:00+02:00',
        pauses: ['2026-03-27T16:00:00+02:00/2026-03-30T12:00:00+03:00'],
        resolution1: '2026-03-31T15:00:00+03:00',
      },
      {
        ...r,
        why: 'wholly in the night: no effect',
        at: '2026-12-01T09:00:00+02:00',
        pauses: ['2026-12-01T20:00:00+02:00/2026-12-02T08:00:00+02:00'],
        resolution1: '2026-12-02T18:00:00+02:00',
      },
      {
        ...r,
        why: 'across the night: Tue 17–18 and Wed 09–10 paused',
        at: '2026-12-01T09:00:00+02:00',
        pauses: ['2026-12-01T17:00:00+02:00/2026-12-02T10:00:00+02:00'],
        resolution1: '2026-12-03T11:00:00+02:00',
      },
    ]);
  });

  it('perfana "office" (Amsterdam, Mon–Fri 08–17), sev3 resolution1 = 9 h', () => {
    const r = { policy: 'perfana', plan: 'enterprise', severity: 'sev3' };
    expectRows([
      {
        ...r,
        why: 'spring-switch weekend, resumed exactly at opening: Fri 16:00–16:30 counts',
        at: '2026-03-27T16:00:00+01:00',
        pauses: ['2026-03-27T16:30:00+01:00/2026-03-30T08:00:00+02:00'],
        resolution1: '2026-03-30T16:30:00+02:00',
      },
      {
        ...r,
        why: 'overlapping pauses across the night: Mon 16–17 and Tue 08–09 paused',
        at: '2026-11-23T08:00:00+01:00',
        pauses: [
          '2026-11-23T16:30:00+01:00/2026-11-24T08:30:00+01:00',
          '2026-11-23T16:00:00+01:00/2026-11-24T09:00:00+01:00',
        ],
        resolution1: '2026-11-24T10:00:00+01:00',
      },
      {
        ...r,
        why: 'autumn-switch weekend: Fri 12–13 and Mon 09–17 count; due exactly at the closing',
        at: '2026-10-23T12:00:00+02:00',
        pauses: ['2026-10-23T13:00:00+02:00/2026-10-26T09:00:00+01:00'],
        resolution1: '2026-10-26T17:00:00+01:00',
      },
    ]);
  });

  it('perfana "weekend" (Fri 17:00 – Mon 08:00), sev1 resolution1 = 48 h', () => {
    const r = { policy: 'perfana', plan: 'enterprise', severity: 'sev1' };
    expectRows([
      {
        ...r,
        why: 'spring switch inside the pause: 20:00 → 04:00 on the wall is 7 real hours',
        at: '2026-03-27T17:00:00+01:00',
        pauses: ['2026-03-28T20:00:00+01:00/2026-03-29T04:00:00+02:00'],
        resolution1: '2026-03-30T01:00:00+02:00',
      },
      {
        ...r,
        why: 'autumn switch inside the pause: 01:00 → 04:00 on the wall is 4 real hours',
        at: '2026-10-23T17:00:00+02:00',
        pauses: ['2026-10-25T01:00:00+02:00/2026-10-25T04:00:00+01:00'],
        resolution1: '2026-10-25T20:00:00+01:00',
      },
      {
        ...r,
        why: 'wholly on weekdays: no effect',
        at: '2026-10-26T07:00:00+01:00',
        pauses: ['2026-10-27T09:00:00+01:00/2026-10-29T18:00:00+01:00'],
        resolution1: '2026-11-01T16:00:00+01:00',
      },
      {
        ...r,
        why: 'resumed exactly at the Friday 17:00 opening: only Mon 07:30–08:00 paused',
        at: '2026-10-26T07:00:00+01:00',
        pauses: ['2026-10-26T07:30:00+01:00/2026-10-30T17:00:00+01:00'],
        resolution1: '2026-11-01T16:30:00+01:00',
      },
    ]);
  });

  it('perfana "enterprise" (office ∪ weekend; weeknights closed), sev2 resolution1 = 12 h', () => {
    const r = { policy: 'perfana', plan: 'enterprise', severity: 'sev2' };
    expectRows([
      {
        ...r,
        why: 'one pause over the office/weekend seam, one over the spring switch',
        at: '2026-03-27T15:00:00+01:00',
        pauses: [
          '2026-03-27T16:00:00+01:00/2026-03-27T18:00:00+01:00',
          '2026-03-28T02:00:00+01:00/2026-03-29T04:00:00+02:00',
        ],
        resolution1: '2026-03-29T07:00:00+02:00',
      },
      {
        ...r,
        why: 'autumn switch inside the pause: 22:00 → 02:30 on the wall is 5h30 real',
        at: '2026-10-24T20:00:00+02:00',
        pauses: ['2026-10-24T22:00:00+02:00/2026-10-25T02:30:00+01:00'],
        resolution1: '2026-10-25T12:30:00+01:00',
      },
      {
        ...r,
        why: 'wholly in a weeknight, ending exactly at opening: no effect',
        at: '2026-11-24T16:00:00+01:00',
        pauses: ['2026-11-24T17:00:00+01:00/2026-11-25T08:00:00+01:00'],
        resolution1: '2026-11-26T10:00:00+01:00',
      },
    ]);
  });
});

describe('sla --pause on the command line and in --batch', () => {
  const netopCritical = ['--policy', 'netop', '--plan', 'standard', '--severity', 'critical'];
  const run = (args: string[]) => runSlaCli(shippedPoliciesDir, [...netopCritical, ...args]);

  it('takes repeated --pause options, prints the same shape, and shows the pauses with --explain', async () => {
    const { out, code } = await run([
      '--at',
      '2026-11-23T09:00:00+01:00',
      '--pause',
      '2026-11-27T15:00:00+01:00/2026-11-30T09:00:00+01:00',
      '--pause',
      '2026-11-24T20:00:00+01:00/2026-11-25T07:00:00+01:00',
      '--explain',
    ]);
    expect(code).toBeUndefined();
    const answer = JSON.parse(out);
    expect(Object.keys(answer)).toEqual(['policy', 'plan', 'severity', 'at', 'targets']);
    const [fr, r1] = answer.targets;
    expect(fr.due).toBe('2026-11-23T11:00:00+01:00');
    expect(r1.due).toBe('2026-11-30T11:00:00+01:00'); // Fri 15–16 and Mon 08–09 paused
    expect(fr.steps).toContain(
      'first response never pauses: waiting on the customer does not stop this clock',
    );
    expect(r1.steps).toContain(
      'paused Tue 24 Nov 20:00 – Wed 25 Nov 07:00 waiting on customer (0h00 of open time not counted)',
    );
    expect(r1.steps).toContain(
      'paused Fri 27 Nov 15:00 – Mon 30 Nov 09:00 waiting on customer (2h00 of open time not counted)',
    );
  });

  it('keeps milliseconds when the instants have them, as the daemon stores them', async () => {
    const { out } = await run([
      '--at',
      '2026-11-23T08:00:00.125Z',
      '--pause',
      '2026-11-23T09:00:00.000Z/2026-11-23T09:00:01.500Z',
    ]);
    const answer = JSON.parse(out);
    expect(answer.at).toBe('2026-11-23T09:00:00.125+01:00');
    expect(answer.targets[1].due).toBe('2026-11-30T09:00:01.625+01:00');
  });

  it.each([
    [
      'an unparseable instant',
      'soon/2026-11-24T09:00:00+01:00',
      'pause "soon/2026-11-24T09:00:00+01:00": "soon" is not an ISO 8601 instant',
    ],
    ['no "/"', '2026-11-24T09:00:00+01:00', 'is not FROM/TO'],
    ['no end (a case still waiting has no due time)', '2026-11-24T09:00:00+01:00/', 'is not FROM/TO'],
    ['to before from', '2026-11-24T10:00:00+01:00/2026-11-24T09:00:00+01:00', 'ends before it starts'],
    [
      'a start before --at',
      '2026-11-23T08:59:59+01:00/2026-11-24T09:00:00+01:00',
      'starts before the case (--at 2026-11-23T09:00:00+01:00)',
    ],
  ])('exits 2 with a clear error for %s', async (_why, pause, message) => {
    const { out, err, code } = await run(['--at', '2026-11-23T09:00:00+01:00', '--pause', pause]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(message);
  });

  it('--batch reads "pauses" per line; lines without them answer as before; bad pauses get an error line', async () => {
    const line = (extra: object) =>
      JSON.stringify({
        policy: 'netop',
        plan: 'standard',
        severity: 'critical',
        at: '2026-11-23T09:00:00+01:00',
        ...extra,
      });
    const input = Readable.from(
      [
        line({ pauses: [{ from: '2026-11-23T15:00:00+01:00', to: '2026-11-24T09:00:00+01:00' }] }),
        line({}),
        line({ pauses: [{ from: '2026-11-23T15:00:00+01:00' }] }),
        line({ pauses: { from: '2026-11-23T15:00:00+01:00', to: '2026-11-24T09:00:00+01:00' } }),
        line({ pauses: [{ from: '2026-11-24T09:00:00+01:00', to: '2026-11-23T15:00:00+01:00' }] }),
      ].join('\n'),
    );
    let out = '';
    const ok = await answerSlaBatch(
      everyCalendar,
      input,
      (t) => {
        out += t;
      },
      false,
    );
    expect(ok).toBe(false);
    const [paused, plain, noEnd, notList, backwards] = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(paused.targets[1].due).toBe('2026-11-30T11:00:00+01:00');
    expect(plain.targets[1].due).toBe('2026-11-30T09:00:00+01:00');
    expect(noEnd.error).toContain('"pauses" must be a list of {"from": ISO, "to": ISO}; item 0 is');
    expect(notList.error).toContain('"pauses" must be a list');
    expect(backwards.error).toContain('ends before it starts');
  });
});

describe('sla --pause answers what the daemon schedules', () => {
  it('for a re-targeted case: its start, new severity and pauses give the due times of its clock', () => {
    const netop = everyCalendar.get('netop')!;
    const pauses = [
      { from: '2026-11-24T11:00:00.250Z', to: '2026-11-25T13:30:00.500Z' },
      { from: '2026-11-27T14:00:00.000Z', to: '2026-11-30T08:00:00.000Z' },
    ];
    // Opened as low, answered, paused twice, then raised to critical by an engineer.
    const record = {
      id: 'NET-1',
      createdAt: '2026-11-23T09:17:42.042Z',
      planId: 'standard',
      severity: 'critical',
      snapshot: JSON.stringify(snapshotPlan(netop, 'standard', 'low')),
      pauses: JSON.stringify(pauses),
      'met.firstResponse': '2026-11-23T10:00:00.000Z',
    } as unknown as CaseRecord;
    const scheduled = currentTargets(record).map((t) => ({ name: t.name, due: t.due?.getTime() }));
    const answer = answerSlaQuery(
      everyCalendar,
      { policy: 'netop', plan: 'standard', severity: 'critical', at: record.createdAt, pauses },
      false,
    );
    expect(answer.targets.map((t) => ({ name: t.name, due: Date.parse(t.due) }))).toEqual(scheduled);
    expect(scheduled).toHaveLength(3);
  });
});
