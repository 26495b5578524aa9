import { describe, expect, it } from 'vitest';
import { formatTable } from '../../../../src/commands/mailboxes.js';

describe('support-intake mailboxes', () => {
  it('prints one aligned row per mailbox with the last error last', () => {
    const table = formatTable([
      {
        mailbox: 'oauth@example.test',
        connected: false,
        lastFetchAt: '2026-12-02T08:00:00.000Z',
        signInFailures: 3,
        lastError: 'invalid_client: client authentication failed',
        lastErrorAt: '2026-12-02T08:05:00.000Z',
        downSince: '2026-12-02T08:01:00.000Z',
        alerted: true,
        updatedAt: '2026-12-02T08:05:00.000Z',
      },
      {
        mailbox: 'netop@example.test',
        connected: true,
        lastFetchAt: '2026-12-02T08:05:01.000Z',
        signInFailures: 0,
        lastError: null,
        lastErrorAt: null,
        downSince: null,
        alerted: false,
        updatedAt: '2026-12-02T08:05:01.000Z',
      },
    ]).split('\n');
    expect(lines(table[0])).toEqual([
      'MAILBOX',
      'CONNECTED',
      'LAST FETCH',
      'SIGN-IN FAILURES',
      'DOWN SINCE',
      'LAST ERROR',
    ]);
    expect(lines(table[1])).toEqual([
      'oauth@example.test',
      'no',
      '2026-12-02T08:00:00.000Z',
      '3',
      '2026-12-02T08:01:00.000Z',
      'invalid_client: client authentication failed',
    ]);
    expect(lines(table[2])).toEqual(['netop@example.test', 'yes', '2026-12-02T08:05:01.000Z', '0', '-', '-']);
    // Columns line up: each row's second column starts where the header's does.
    expect(table[1]?.indexOf('no ')).toBe(table[0]?.indexOf('CONNECTED'));
  });
});

/** Columns are separated by two or more spaces. */
const lines = (row: string | undefined): string[] => (row ?? '').split(/ {2,}/);
