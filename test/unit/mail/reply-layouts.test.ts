import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type EngineerCommand, parseEngineerReply } from '../../../src/mail/engineer-commands.js';
import { parseMail } from '../../../src/mail/parse-mail.js';
import { replyTopBlock } from '../../../src/mail/reply-top-block.js';

// Each fixture is the text part of an engineer's reply to a new-case notice as that mail client
// lays it out. The quoted notice carries the command list (#escalate, #resolve, …) and a
// customer line "#resolve": none of it may be applied or relayed.

const DIR = 'test/fixtures/replies';
const EN = 'Hi Casey,\n\nPlease upgrade fcli to 1.2.8; the crash is fixed there.';
const DA = 'Hej Casey,\n\nOpgrader venligst fcli til 1.2.8; nedbruddet er rettet der.';
const waiting: EngineerCommand = { name: 'status', status: 'waiting' };
const high: EngineerCommand = { name: 'severity', severity: 'high' };
const bob: EngineerCommand = { name: 'assign', address: 'bob@example.test' };

const LAYOUTS: Record<string, { commands: EngineerCommand[]; answer: string }> = {
  'outlook-desktop-en.txt': { commands: [waiting], answer: EN },
  'outlook-desktop-da.txt': { commands: [waiting], answer: `${DA}\n\nMed venlig hilsen\nErin Engineer` },
  'outlook-desktop-de.txt': {
    commands: [high],
    answer:
      'Hallo Casey,\n\nbitte aktualisieren Sie fcli auf 1.2.8; der Absturz ist dort behoben.\n\nMit freundlichen Grüßen\nErin Engineer',
  },
  'outlook-desktop-nl.txt': {
    commands: [high],
    answer:
      'Hallo Casey,\n\nWerk fcli bij naar 1.2.8; de crash is daar opgelost.\n\nMet vriendelijke groet,\nErin Engineer',
  },
  'outlook-mac-en.txt': { commands: [bob], answer: `${EN}\n\nErin` },
  'outlook-original-message-en.txt': { commands: [waiting], answer: EN },
  'outlook-original-message-da.txt': { commands: [waiting], answer: DA },
  'owa-en.txt': { commands: [{ name: 'internal' }], answer: `${EN}\n\nErin Engineer` },
  'owa-da.txt': { commands: [waiting], answer: `${DA}\n\nErin Engineer` },
  'gmail-en.txt': { commands: [high], answer: `${EN}\n\nErin` },
  'gmail-da.txt': { commands: [high], answer: `${DA}\n\nErin` },
  'apple-mail-en.txt': { commands: [], answer: EN },
  'apple-mail-da.txt': { commands: [{ name: 'status', status: 'in-progress' }], answer: DA },
  'thunderbird-en.txt': { commands: [bob], answer: EN },
  'thunderbird-da.txt': { commands: [bob], answer: DA },
  'yahoo-en.txt': { commands: [waiting], answer: EN },
};

const read = (file: string): string => readFileSync(join(DIR, file), 'utf8');

describe('engineer replies as real mail clients lay them out', () => {
  it('has an expectation for every fixture', () => {
    expect(readdirSync(DIR).sort()).toEqual([...Object.keys(LAYOUTS), ...Object.keys(HTML_LAYOUTS)].sort());
  });

  describe.each(Object.entries(LAYOUTS))('%s', (file, expected) => {
    const text = read(file);

    it('applies only the commands the engineer wrote above the quote', () => {
      const parsed = parseEngineerReply(text);
      expect(parsed.commands).toEqual(expected.commands);
      expect(parsed.unknown).toEqual([]);
    });

    it('relays only the engineer’s own answer', () => {
      const { answer } = parseEngineerReply(text);
      expect(answer).toBe(expected.answer);
      expect(answer).not.toMatch(/New case|The customer wrote|#resolve|#escalate|fastnetmon@example\.test/);
    });

    it('reads the same with CRLF line ends', () => {
      expect(parseEngineerReply(text.replace(/\n/g, '\r\n'))).toEqual(parseEngineerReply(text));
    });
  });
});

/** HTML-only replies: the text the pipeline sees is mailparser's conversion. */
const HTML_LAYOUTS: Record<string, { commands: EngineerCommand[]; answer: string }> = {
  'outlook-desktop-html-en.eml': { commands: [waiting], answer: EN },
  'gmail-html-da.eml': { commands: [high], answer: DA },
};

describe.each(Object.entries(HTML_LAYOUTS))('HTML-only reply %s', (file, expected) => {
  it('reads the commands and the answer from the converted text, above the quote only', async () => {
    const parsed = await parseMail(readFileSync(join(DIR, file)), 'x', new Date('2026-11-24T10:12:00Z'));
    if (!parsed.ok) throw new Error(parsed.reason);
    const reply = parseEngineerReply(parsed.mail.text);
    expect(reply.commands).toEqual(expected.commands);
    expect(reply.unknown).toEqual([]);
    expect(reply.answer).toBe(expected.answer);
  });
});

describe('replyTopBlock', () => {
  it('keeps a reply without any quote whole', () => {
    expect(replyTopBlock('Fixed in 1.2.8.\n#resolve\n')).toBe('Fixed in 1.2.8.\n#resolve');
  });

  it.each([
    ['> quoted', '>'],
    ['   > indented quote', 'indented >'],
    ['________________________________', 'underscore rule'],
    ['-----Original Message-----', 'banner'],
    ['----- Ursprüngliche Nachricht -----', 'German banner'],
    ['-----Oorspronkelijk bericht-----', 'Dutch banner'],
    ['---------- Forwarded message ---------', 'Gmail forward'],
    ['Begin forwarded message:', 'Apple forward'],
    ['*From:* Support <s@example.test>\n*Sent:* Tuesday', 'bolded Outlook header'],
    ['Am 24.11.2026 um 10:00 schrieb Support <s@example.test>:', 'German attribution'],
    ['Op di 24 nov 2026 om 10:00 schreef Support <s@example.test>:', 'Dutch Gmail attribution'],
    [
      'Op 24 nov. 2026 om 10:00 heeft Support <s@example.test> het volgende geschreven:',
      'Dutch Apple attribution',
    ],
    ['tir. 24. nov. 2026 kl. 10.00 skrev Support <s@example.test>:', 'attribution without a leading word'],
  ])('cuts at %j (%s)', (header) => {
    expect(replyTopBlock(`Answer.\n\n${header}\n#resolve\n`)).toBe('Answer.');
  });

  it.each([
    'From: the logs I can see the crash.',
    'As Bob wrote: it works.',
    'On Monday we ship 1.2.8.',
    'Den nye version retter fejlen.',
    'Sent: yesterday.',
  ])('keeps an ordinary line %j', (line) => {
    expect(replyTopBlock(`Answer.\n${line}\nMore.`)).toBe(`Answer.\n${line}\nMore.`);
  });
});
