import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { simpleParser } from 'mailparser';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { describe, expect, it } from 'vitest';
import type { AttachmentItem } from '../../../src/mail/attachment-plan.js';
import { readWantedAttachments } from '../../../src/mail/attachment-stream.js';

const pdf = randomBytes(300_000);
const png = randomBytes(2_000);
const log = Buffer.from('line 1\nline 2\n');

async function rawMail(): Promise<Buffer> {
  return new MailComposer({
    from: 'customer@example.test',
    to: 'support@example.test',
    subject: 'Three files',
    messageId: '<three@example.test>',
    text: 'See attached.',
    html: '<p>See <img src="cid:shot@customer.example"></p>',
    attachments: [
      { filename: 'trace.pdf', content: pdf, contentType: 'application/pdf' },
      { filename: 'shot.png', content: png, contentType: 'image/png', cid: 'shot@customer.example' },
      { filename: 'app.log', content: log, contentType: 'text/plain' },
    ],
  })
    .compile()
    .build();
}

/** The references intake would have made: simpleParser's list, as parseMail reads it. */
async function intakeItems(raw: Buffer): Promise<AttachmentItem[]> {
  const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true });
  return parsed.attachments.map((a, index) => ({
    index,
    filename: a.filename ?? 'unnamed',
    contentType: a.contentType,
    size: a.size,
  }));
}

describe('readWantedAttachments', () => {
  it('finds each referenced file byte for byte, the inline image with its Content-ID', async () => {
    const raw = await rawMail();
    const items = await intakeItems(raw);
    const files = await readWantedAttachments(Readable.from([raw]), '<three@example.test>', items);
    const byName = new Map(files?.map((f) => [f.item.filename, f]));
    expect(byName.get('trace.pdf')?.content.equals(pdf)).toBe(true);
    expect(byName.get('app.log')?.content.equals(log)).toBe(true);
    expect(byName.get('shot.png')).toMatchObject({ contentId: 'shot@customer.example', inline: true });
    expect(byName.get('shot.png')?.content.equals(png)).toBe(true);
  });

  it('keeps only the files asked for', async () => {
    const raw = await rawMail();
    const items = await intakeItems(raw);
    const log1 = items.filter((a) => a.filename === 'app.log');
    const files = await readWantedAttachments(Readable.from([raw]), '<three@example.test>', log1);
    expect(files?.map((f) => f.item.filename)).toEqual(['app.log']);
  });

  it('refuses another mail under the same Message-ID or a file that changed', async () => {
    const raw = await rawMail();
    const items = await intakeItems(raw);
    expect(await readWantedAttachments(Readable.from([raw]), '<other@example.test>', items)).toBeUndefined();
    const renamed = items.map((a) => (a.filename === 'app.log' ? { ...a, filename: 'evil.log' } : a));
    expect(
      await readWantedAttachments(Readable.from([raw]), '<three@example.test>', renamed),
    ).toBeUndefined();
    const resized = items.map((a) => ({ ...a, size: a.size + 1 }));
    expect(
      await readWantedAttachments(Readable.from([raw]), '<three@example.test>', resized),
    ).toBeUndefined();
  });

  it('rejects when the source fails mid-stream', async () => {
    const raw = await rawMail();
    const items = await intakeItems(raw);
    const broken = new Readable({
      read() {
        this.push(raw.subarray(0, 1000));
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(readWantedAttachments(broken, '<three@example.test>', items)).rejects.toThrow(
      'connection reset',
    );
  });
});
