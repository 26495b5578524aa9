import { describe, expect, it } from 'vitest';
import { type DueRow, expectRow } from './shipped-policies.js';

// FastNetMon: `support` Mon–Fri 10:00–17:00 Europe/London (7 h a day; GMT +00:00, BST +01:00 from
// 29 Mar 2026 to 25 Oct 2026); firstResponse = 12 h of support time; warning at 9h36.
const row = (why: string, at: string, due: string, warn?: string): DueRow => ({
  why,
  plan: 'advanced',
  severity: 'normal',
  at,
  due: { firstResponse: due },
  ...(warn ? { warn: { firstResponse: warn } } : {}),
});

const rows: DueRow[] = [
  row(
    'before opening: 7 h Monday + 5 h Tuesday',
    '2026-11-23T09:00:00Z',
    '2026-11-24T15:00:00Z',
    '2026-11-24T12:36:00Z',
  ),
  row('exactly at opening', '2026-11-23T10:00:00Z', '2026-11-24T15:00:00Z', '2026-11-24T12:36:00Z'),
  row('exactly at closing: clock starts Tuesday 10:00', '2026-11-23T17:00:00Z', '2026-11-25T15:00:00Z'),
  row('after closing', '2026-11-23T18:00:00Z', '2026-11-25T15:00:00Z'),
  row(
    '12 h spanning two days and a weekend: 4 h Thu + 7 h Fri + 1 h Mon',
    '2026-11-26T13:00:00Z',
    '2026-11-30T11:00:00Z',
  ),
  row(
    'used up exactly at Friday closing: Friday 17:00, not Monday 10:00',
    '2026-11-26T12:00:00Z',
    '2026-11-27T17:00:00Z',
  ),
  row('Saturday: clock starts Monday 10:00', '2026-11-28T12:00:00Z', '2026-12-01T15:00:00Z'),
  row('across the March switch: Friday GMT, Monday BST', '2026-03-27T14:00:00Z', '2026-03-31T12:00:00+01:00'),
  row(
    'across the October switch: Friday BST, Monday GMT',
    '2026-10-23T16:00:00+01:00',
    '2026-10-27T14:00:00Z',
  ),
];

describe('FastNetMon due times (hand-computed)', () => {
  it.each(rows)('$why', (r) => expectRow('fastnetmon', r, expect));
});
