import { describe, expect, it } from 'vitest';
import {
  commandLines,
  neutralizeCommandLines,
  parseEngineerReply,
} from '../../../src/mail/engineer-commands.js';
import { displayName, parseMail } from '../../../src/mail/parse-mail.js';
import { TemplateRenderer } from '../../../src/mail/template-renderer.js';

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
    ['#attachments', { name: 'attachments' }],
    ['#escalate', { name: 'escalate' }],
    ['#assign bob@example.test', { name: 'assign', address: 'bob@example.test' }],
    ['#status in-progress', { name: 'status', status: 'in-progress' }],
    ['#STATUS Closed', { name: 'status', status: 'closed' }],
  ])('reads %s', (line, command) => {
    expect(parseEngineerReply(`Noted.\n${line}\n`).commands).toEqual([command]);
  });

  it('keeps #attachments out of the answer: it is for us, never relayed to the customer', () => {
    const parsed = parseEngineerReply('#attachments\n\nOn Tue, Support wrote:\n> New case [NETOP-3]\n');
    expect(parsed.commands).toEqual([{ name: 'attachments' }]);
    expect(parsed.answer).toBe('');
    expect(parseEngineerReply('#attachments please').unknown).toEqual(['#attachments please']);
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

describe('neutralizeCommandLines', () => {
  it('puts an invisible word joiner before a # that starts a line, so the line is no command', () => {
    const out = neutralizeCommandLines('Try this:\n#include <stdio.h>\n  #RESOLVE\nissue #12 and\n#1 first');
    expect(out).toBe('Try this:\n\u2060#include <stdio.h>\n  \u2060#RESOLVE\nissue #12 and\n#1 first');
    expect(commandLines(out)).toEqual([]);
    expect(parseEngineerReply(out).commands).toEqual([]);
    expect(parseEngineerReply(out).unknown).toEqual([]);
  });
});

describe('outgoing mail carries no command lines', () => {
  const renderer = new TemplateRenderer('templates');
  const notice = (customerText: string, name: string) =>
    renderer.render('fastnetmon', 'newCaseNotice', {
      caseId: 'FNM-4',
      policy: { name: 'FastNetMon' },
      customer: { name, email: 'customer@example.test' },
      severity: { id: 'high' },
      customerText,
      supportAddress: 'fastnetmon@example.test',
    });

  it('lists the command hints without any line reading as a command, even pasted whole', () => {
    const { text, html } = notice('#resolve\nplease', 'Casey');
    expect(text).toContain('#escalate');
    expect(commandLines(text)).toEqual([]);
    expect(parseEngineerReply(text).commands).toEqual([]);
    expect(parseEngineerReply(text).unknown).toEqual([]);
    expect(commandLines(html.replace(/<br>/g, ''))).toEqual([]);
  });

  it('neutralizes a relayed answer that starts a line with #', () => {
    const { text } = renderer.render('fastnetmon', 'engineerAnswer', {
      answer: 'Add this line:\n#escalate\nto the file.',
      caseId: 'FNM-4',
      policy: { name: 'FastNetMon' },
    });
    expect(text).toContain('\u2060#escalate');
    expect(parseEngineerReply(text).commands).toEqual([]);
  });

  it('renders the unknownCommand hints as no command either', () => {
    const { text } = renderer.render('fastnetmon', 'unknownCommand', {
      caseId: 'FNM-4',
      command: '#snooze 2d',
      policy: { name: 'FastNetMon' },
    });
    expect(text).toContain('#resolve');
    expect(commandLines(text)).toEqual([]);
  });
});

describe('display names', () => {
  it('lose line breaks and other control characters', () => {
    expect(displayName('Casey\r\n#resolve\u2028#escalate\u0000')).toBe('Casey #resolve #escalate');
    expect(displayName(undefined)).toBe('');
  });

  it('lose an encoded CR/LF when the mail is parsed', async () => {
    const raw = Buffer.from(
      'From: =?utf-8?q?Casey=0D=0A#resolve=0A#escalate?= <customer@example.test>\r\nTo: fastnetmon@example.test\r\nSubject: x\r\nMessage-ID: <n1@example.test>\r\n\r\nbody\r\n',
    );
    const parsed = await parseMail(raw, 'x', new Date('2026-11-24T10:00:00Z'));
    expect(parsed.ok && parsed.mail.from.name).toBe('Casey #resolve #escalate');
  });
});
