import { describe, expect, it } from 'vitest';
import { pendingSlaEvents, type SlaMark, slaTimerJobId } from '../../../src/pipeline/sla-timer.js';

const targets = [
  { name: 'firstResponse', due: '2026-12-02T12:00:00.000Z', warnAt: '2026-12-02T11:00:00.000Z' },
  { name: 'resolution1', due: '2026-12-03T12:00:00.000Z', warnAt: '2026-12-03T06:00:00.000Z' },
  { name: 'resolution2', due: null, warnAt: null }, // paused: no instant known
];
const none = (): boolean => false;
const marks =
  (...set: SlaMark[]) =>
  (mark: SlaMark): boolean =>
    set.includes(mark);
const summary = (events: ReturnType<typeof pendingSlaEvents>) =>
  events.map((e) => `${e.kind} ${e.target} ${e.at.toISOString()}`);

describe('pendingSlaEvents', () => {
  it('lists every warning and breach of every target with a due time, earliest first', () => {
    expect(summary(pendingSlaEvents(targets, none))).toEqual([
      'warning firstResponse 2026-12-02T11:00:00.000Z',
      'breach firstResponse 2026-12-02T12:00:00.000Z',
      'warning resolution1 2026-12-03T06:00:00.000Z',
      'breach resolution1 2026-12-03T12:00:00.000Z',
    ]);
  });

  it('leaves out met targets and events the case has recorded', () => {
    expect(summary(pendingSlaEvents(targets, marks('met.firstResponse', 'warning.resolution1')))).toEqual([
      'breach resolution1 2026-12-03T12:00:00.000Z',
    ]);
  });

  it('keeps the due time with each event and puts a warning before a breach at the same instant', () => {
    const same = [
      {
        name: 'firstResponse',
        due: new Date('2026-12-02T12:00:00Z'),
        warnAt: new Date('2026-12-02T12:00:00Z'),
      },
    ];
    const events = pendingSlaEvents(same, none);
    expect(events.map((e) => e.kind)).toEqual(['warning', 'breach']);
    expect(events.every((e) => e.due.toISOString() === '2026-12-02T12:00:00.000Z')).toBe(true);
  });

  it('ignores names that are no target and targets without a warning point', () => {
    const odd = [
      { name: 'lunch', due: '2026-12-02T12:00:00Z', warnAt: null },
      { name: 'resolution1', due: '2026-12-02T13:00:00Z' },
    ];
    expect(summary(pendingSlaEvents(odd, none))).toEqual(['breach resolution1 2026-12-02T13:00:00.000Z']);
  });

  it('is empty when everything is met or recorded', () => {
    const all = marks('met.firstResponse', 'warning.resolution1', 'breach.resolution1');
    expect(pendingSlaEvents(targets, all)).toEqual([]);
  });
});

describe('slaTimerJobId', () => {
  it('derives one ID per case, version and instant', () => {
    const at = new Date('2026-12-02T11:00:00Z');
    expect(slaTimerJobId('NETOP-7', 2, at)).toBe(`sla-NETOP-7-v2-t${at.getTime()}`);
    expect(slaTimerJobId('NETOP-7', 3, at)).not.toBe(slaTimerJobId('NETOP-7', 2, at));
  });
});
