import { describe, expect, it } from 'vitest';
import { formatReplay, replayExitCode } from '../../../src/commands/replay-format.js';

describe('replay output', () => {
  it('says what happened, then each known fact', () => {
    const text = formatReplay({
      status: 'done',
      mailbox: 'perfana@example.test',
      folder: 'Quarantine',
      uidValidity: '1700',
      uid: 4,
      force: false,
      messageId: '<a@example.test>',
      sender: 'customer@example.test',
      senderAuthenticated: true,
      jobId: 'replay-perfana@example.test-Quarantine-1700-4',
      result: 'accept PERF-1',
      caseId: 'PERF-1',
      nowIn: 'Processed',
      message: 'replayed: accept PERF-1',
    });
    expect(text.split('\n')).toEqual([
      'replayed: perfana@example.test Quarantine UID 4 (UIDVALIDITY 1700)',
      '  replayed: accept PERF-1',
      '  message-id  <a@example.test>',
      '  sender      customer@example.test (authenticated)',
      '  job         replay-perfana@example.test-Quarantine-1700-4',
      '  result      accept PERF-1',
      '  case        PERF-1',
      '  mail is in  Processed',
      '',
    ]);
  });

  it('marks a refusal and leaves out what is not known', () => {
    const text = formatReplay({
      status: 'refused',
      mailbox: 'm@example.test',
      folder: 'Quarantine',
      uid: 2,
      force: true,
      nowIn: 'Quarantine',
      message: 'not replayed: message of 30000 bytes exceeds the 20000-byte limit',
    });
    expect(text).toMatch(/^NOT replayed: m@example.test Quarantine UID 2\n/);
    expect(text).not.toMatch(/case|job/);
    expect(text).toMatch(/force {7}yes/);
  });

  it('exits 0 when handled, 3 without an outcome in time, 1 otherwise', () => {
    expect(replayExitCode('done')).toBe(0);
    expect(replayExitCode('pending')).toBe(3);
    expect(replayExitCode('refused')).toBe(1);
    expect(replayExitCode('quarantined')).toBe(1);
    expect(replayExitCode('failed')).toBe(1);
  });
});
