import { describe, expect, it } from 'vitest';
import {
  nextSlaEvent,
  type SlaMark,
  slaTimerJobId,
  unrecordedSlaEvents,
} from '../../../src/pipeline/sla-timer.js';

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
const summary = (events: ReturnType<typeof unrecordedSlaEvents>) =>
  events.map((e) => `${e.kind} ${e.target} ${e.at.toISOString()}`);

describe('unrecordedSlaEvents', () => {
  it('lists every warning and breach of every target with a due time, earliest first', () => {
    expect(summary(unrecordedSlaEvents(targets, none))).toEqual([
      'warning firstResponse 2026-12-02T11:00:00.000Z',
      'breach firstResponse 2026-12-02T12:00:00.000Z',
      'warning resolution1 2026-12-03T06:00:00.000Z',
      'breach resolution1 2026-12-03T12:00:00.000Z',
    ]);
  });

  it('leaves out recorded events and keeps met targets (the timer passes them without a word)', () => {
    expect(summary(unrecordedSlaEvents(targets, marks('met.firstResponse', 'warning.resolution1')))).toEqual([
      'warning firstResponse 2026-12-02T11:00:00.000Z',
      'breach firstResponse 2026-12-02T12:00:00.000Z',
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
    const events = unrecordedSlaEvents(same, none);
    expect(events.map((e) => e.kind)).toEqual(['warning', 'breach']);
    expect(events.every((e) => e.due.toISOString() === '2026-12-02T12:00:00.000Z')).toBe(true);
  });

  it('ignores names that are no target and targets without a warning point', () => {
    const odd = [
      { name: 'lunch', due: '2026-12-02T12:00:00Z', warnAt: null },
      { name: 'resolution1', due: '2026-12-02T13:00:00Z' },
    ];
    expect(summary(unrecordedSlaEvents(odd, none))).toEqual(['breach resolution1 2026-12-02T13:00:00.000Z']);
  });

  it('is empty when everything is recorded', () => {
    const all = marks(
      'warning.firstResponse',
      'breach.firstResponse',
      'warning.resolution1',
      'breach.resolution1',
    );
    expect(unrecordedSlaEvents(targets, all)).toEqual([]);
  });
});

describe('nextSlaEvent', () => {
  const at = (iso: string, done: (mark: SlaMark) => boolean = none) => {
    const e = nextSlaEvent(targets, done, new Date(iso));
    return e ? `${e.kind} ${e.target}` : undefined;
  };

  it('is the first instant still to come, whether or not its target is met by now', () => {
    expect(at('2026-12-02T10:00:00Z')).toBe('warning firstResponse');
    expect(at('2026-12-02T10:00:00Z', marks('met.firstResponse'))).toBe('warning firstResponse');
  });

  it('is an overdue instant of an unmet target (it fires at once), never a met one', () => {
    expect(at('2026-12-02T13:00:00Z')).toBe('warning firstResponse');
    expect(at('2026-12-02T13:00:00Z', marks('warning.firstResponse'))).toBe('breach firstResponse');
    expect(at('2026-12-02T13:00:00Z', marks('met.firstResponse'))).toBe('warning resolution1');
  });

  it('is nothing once every instant is recorded or passed on a met target', () => {
    const all = marks('met.firstResponse', 'met.resolution1');
    expect(at('2026-12-04T00:00:00Z', all)).toBeUndefined();
  });
});

describe('slaTimerJobId', () => {
  it('derives one ID per case, version and instant', () => {
    const at = new Date('2026-12-02T11:00:00Z');
    expect(slaTimerJobId('NETOP-7', 2, at)).toBe(`sla-NETOP-7-v2-t${at.getTime()}`);
    expect(slaTimerJobId('NETOP-7', 3, at)).not.toBe(slaTimerJobId('NETOP-7', 2, at));
  });
});
