import { describe, expect, it } from 'vitest';
import { byNextDue, nextDue } from '../../../../src/ops/dashboard/next-due.js';
import { formatTimeLeft, urgencyOf } from '../../../../src/ops/dashboard/time-left.js';

const now = new Date('2026-03-10T12:00:00Z');
const at = (minutes: number): Date => new Date(now.getTime() + minutes * 60_000);

describe('time left', () => {
  it('is red from the due instant on, amber from the warning instant, plain before', () => {
    expect(urgencyOf(at(0), at(-30), now)).toBe('overdue');
    expect(urgencyOf(at(-1), null, now)).toBe('overdue');
    expect(urgencyOf(at(10), at(0), now)).toBe('warning');
    expect(urgencyOf(at(10), at(1), now)).toBe('ok');
    expect(urgencyOf(at(10), null, now)).toBe('ok');
    expect(urgencyOf(null, null, now)).toBe('none');
  });

  it('reads in days, hours and minutes, with a minus sign once past due', () => {
    expect(formatTimeLeft(at(0.5), now)).toBe('0m');
    expect(formatTimeLeft(at(59), now)).toBe('59m');
    expect(formatTimeLeft(at(65), now)).toBe('1h 05m');
    expect(formatTimeLeft(at(2 * 1440 + 190), now)).toBe('2d 3h');
    expect(formatTimeLeft(at(-61), now)).toBe('−1h 01m');
  });
});

describe('next due target', () => {
  const t = (name: string, due: number | null, met = false) => ({
    name,
    due: due === null ? null : at(due),
    warnAt: due === null ? null : at(due - 10),
    metAt: met ? at(-100) : null,
  });

  it('is the earliest unmet target with a due time', () => {
    expect(nextDue([t('resolution1', 300), t('firstResponse', 30), t('resolution2', null)], false)).toEqual({
      name: 'firstResponse',
      due: at(30),
      warnAt: at(20),
    });
    expect(nextDue([t('firstResponse', 30, true), t('resolution1', 300)], false)?.name).toBe('resolution1');
    expect(nextDue([t('firstResponse', 30, true)], false)).toBeNull();
  });

  it('skips the stopped resolution clocks while the case waits on the customer', () => {
    expect(nextDue([t('firstResponse', 30, true), t('resolution1', -5)], true)).toBeNull();
    expect(nextDue([t('firstResponse', 30), t('resolution1', -5)], true)?.name).toBe('firstResponse');
  });

  it('orders due soonest first, then cases with no running target, oldest first', () => {
    const row = (id: string, due: number | null, created: number) => ({
      id,
      due: due === null ? null : at(due),
      createdAt: at(created),
    });
    const sorted = byNextDue([
      row('a', null, -5),
      row('b', 60, -1),
      row('c', -30, -2),
      row('d', null, -9),
      row('e', 60, -3),
    ]);
    expect(sorted.map((r) => r.id)).toEqual(['c', 'e', 'b', 'd', 'a']);
  });
});
