import { describe, expect, it } from 'vitest';
import { commandLines, parseEngineerReply } from '../../../src/mail/engineer-commands.js';

const QUOTED = `Hi Casey,

Please upgrade fcli to 1.2.8; the crash is fixed there.
#status waiting
#severity high

Best regards,
Erin

On Tue, Nov 24, 2026 at 10:00 AM FastNetMon support <fastnetmon@example.test> wrote:
> [FNM-4] fcli crashes
> #resolve
> Thank you for contacting us.`;

describe('parseEngineerReply', () => {
  it('keeps the answer, drops quoted history, signature and command lines, and reads the commands', () => {
    const parsed = parseEngineerReply(QUOTED);
    expect(parsed.answer).toBe('Hi Casey,\n\nPlease upgrade fcli to 1.2.8; the crash is fixed there.');
    expect(parsed.commands).toEqual([
      { name: 'status', status: 'waiting' },
      { name: 'severity', severity: 'high' },
    ]);
    expect(parsed.unknown).toEqual([]);
  });

  it('never applies a command that only appears in the quoted part', () => {
    expect(parseEngineerReply(QUOTED).commands.some((c) => c.name === 'resolve')).toBe(false);
  });

  it.each([
    ['#internal', { name: 'internal' }],
    ['#resolve', { name: 'resolve' }],
    ['#escalate', { name: 'escalate' }],
    ['#assign bob@example.test', { name: 'assign', address: 'bob@example.test' }],
    ['#status in-progress', { name: 'status', status: 'in-progress' }],
    ['#STATUS Closed', { name: 'status', status: 'closed' }],
  ])('reads %s', (line, command) => {
    expect(parseEngineerReply(`Noted.\n${line}\n`).commands).toEqual([command]);
  });

  it('reports unknown or malformed commands as written', () => {
    const parsed = parseEngineerReply('Looking at it.\n#snooze 2d\n#status sleeping\n#assign nobody\n');
    expect(parsed.commands).toEqual([]);
    expect(parsed.unknown).toEqual(['#snooze 2d', '#status sleeping', '#assign nobody']);
    expect(parsed.answer).toBe('Looking at it.');
  });

  it('leaves a hash inside a sentence alone', () => {
    const parsed = parseEngineerReply('See issue #123 in the tracker.');
    expect(parsed.answer).toBe('See issue #123 in the tracker.');
    expect(parsed.commands).toEqual([]);
  });
});

describe('commandLines', () => {
  it('finds command lines in a customer mail so they can be logged and ignored', () => {
    expect(commandLines('Please fix.\n#status closed\nthanks')).toEqual(['#status closed']);
  });
});
