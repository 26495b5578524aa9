import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parseMail } from '../../../src/mail/parse-mail.js';
import { SourceReadError } from '../../../src/mail/source-read-error.js';
import { HOSTILE_CORPUS } from '../../fixtures/mail/corpus.js';

const LIMITS = { maxSubjectChars: 998, maxTextChars: 262_144 };
const NOW = new Date('2026-12-02T10:00:00.000Z');

/** A mail as IMAP partial fetches deliver it when it is streamed: in chunks. */
const chunked = (raw: Buffer, size: number): Readable =>
  Readable.from(
    Array.from({ length: Math.ceil(raw.length / size) }, (_, i) => raw.subarray(i * size, (i + 1) * size)),
  );

describe('parsing a mail read as a stream', () => {
  it.each(HOSTILE_CORPUS.map((m) => [m.name, m] as const))(
    '%s: the same outcome as from memory',
    async (name, hostile) => {
      const raw = hostile.raw();
      const whole = await parseMail(raw, name, NOW, () => false, LIMITS);
      const streamed = await parseMail(chunked(raw, 512 * 1024), name, NOW, () => false, LIMITS);
      expect(streamed).toEqual(whole);
    },
    60_000,
  );

  it('throws a read error, not an unparseable verdict, when the stream breaks off', async () => {
    const raw = Buffer.from('From: a@example.test\r\nTo: b@example.test\r\nSubject: x\r\n\r\nhello\r\n');
    const broken = new Readable({
      read() {
        this.push(raw.subarray(0, 20));
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(parseMail(broken, 'x', NOW, () => false, LIMITS)).rejects.toBeInstanceOf(SourceReadError);
  });

  it('stops reading a mail the parser refuses', async () => {
    const refused = HOSTILE_CORPUS.find((h) => h.name === 'h14-ten-thousand-parts');
    if (!refused) throw new Error('the corpus has no h14');
    const source = chunked(refused.raw(), 16 * 1024);
    const outcome = await parseMail(source, 'x', NOW, () => false, LIMITS);
    expect(outcome.ok).toBe(false);
    expect(source.destroyed).toBe(true);
  });
});
