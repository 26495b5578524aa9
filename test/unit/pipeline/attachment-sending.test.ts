import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { AttachmentItem } from '../../../src/mail/attachment-plan.js';
import type { AttachmentFetcher, FetchOutcome, RawMailLocation } from '../../../src/mail/raw-mail-fetcher.js';
import type { AttachmentGroup, CustomerAttachmentsRef } from '../../../src/pipeline/attachment-refs.js';
import { resolveAttachments } from '../../../src/pipeline/attachment-sending.js';
import type { Services } from '../../../src/services.js';

const item = (
  index: number,
  filename: string,
  size: number,
  contentType = 'application/pdf',
): AttachmentItem => ({
  index,
  filename,
  contentType,
  size,
});
const group = (messageId: string, items: AttachmentItem[]): AttachmentGroup => ({
  mail: { mailbox: 'netop@example.test', messageId, folder: 'INBOX', uidValidity: '7', uid: 3 },
  items,
});

/** Answers from a table of Message-IDs; counts every fetch. */
class FakeFetcher implements AttachmentFetcher {
  calls: string[] = [];
  constructor(
    private readonly answer: (location: RawMailLocation, items: readonly AttachmentItem[]) => FetchOutcome,
  ) {}
  async fetch(location: RawMailLocation, items: readonly AttachmentItem[]): Promise<FetchOutcome> {
    this.calls.push(location.messageId);
    return this.answer(location, items);
  }
}

const present =
  (cid?: string) =>
  (_: RawMailLocation, items: readonly AttachmentItem[]): FetchOutcome => ({
    ok: true,
    files: items.map((a) => ({
      item: a,
      content: Buffer.alloc(a.size, 1),
      inline: cid !== undefined,
      ...(cid ? { contentId: cid } : {}),
    })),
  });

// Only what resolveAttachments reads of the services: the cap, the fetcher and the logger.
function services(fetcher: AttachmentFetcher, cap = 1000): Services {
  return {
    config: { attachments: { maxTotalBytes: cap }, imap: { processedFolder: 'Processed' } },
    attachmentFetcher: fetcher,
    logger: pino({ level: 'silent' }),
  } as unknown as Services;
}

const notice = (items: AttachmentItem[]): CustomerAttachmentsRef => ({
  mode: 'notice',
  attach: [group('<m1@x>', items)],
});

describe('resolveAttachments', () => {
  it('a notice within the cap fetches the files and names them', async () => {
    const fetcher = new FakeFetcher(present());
    const r = await resolveAttachments(
      services(fetcher),
      notice([item(0, 'a.pdf', 600), item(1, 'b.pdf', 400)]),
      0,
    );
    expect(r.files.map((f) => [f.filename, f.content.length])).toEqual([
      ['a.pdf', 600],
      ['b.pdf', 400],
    ]);
    expect(r.vars.attachments).toMatchObject({
      attached: [{ filename: 'a.pdf', size: '600 B' }, { filename: 'b.pdf' }],
      listed: [],
    });
  });

  it('a notice above the cap lists the files with sizes and never reads the mailbox', async () => {
    const fetcher = new FakeFetcher(present());
    const r = await resolveAttachments(
      services(fetcher),
      notice([item(0, 'a.pdf', 600), item(1, 'b.pdf', 401)]),
      0,
    );
    expect(fetcher.calls).toEqual([]);
    expect(r.files).toEqual([]);
    expect(r.vars.attachments).toMatchObject({
      overCap: '1001 B',
      listed: [{ filename: 'a.pdf' }, { filename: 'b.pdf' }],
    });
  });

  it('a notice about a mail without attachments has nothing to add', async () => {
    const r = await resolveAttachments(services(new FakeFetcher(present())), notice([]), 0);
    expect(r).toEqual({ vars: {}, files: [] });
  });

  it('a mail gone from the mailbox: the names are listed with the reason, at once', async () => {
    const fetcher = new FakeFetcher(() => ({ ok: false, gone: 'the mail is no longer in the mailbox' }));
    const r = await resolveAttachments(services(fetcher), notice([item(0, 'a.pdf', 10)]), 0);
    expect(r.files).toEqual([]);
    expect(r.vars.attachments).toMatchObject({
      attached: [],
      listed: [{ filename: 'a.pdf', size: '10 B' }],
      unavailable: 'the mail is no longer in the mailbox',
    });
  });

  it('a mailbox that cannot be read: retried twice through the job, then the notice goes without files', async () => {
    const fetcher = new FakeFetcher(() => {
      throw new Error('connect ECONNREFUSED');
    });
    const ref = notice([item(0, 'a.pdf', 10)]);
    await expect(resolveAttachments(services(fetcher), ref, 0)).rejects.toThrow('ECONNREFUSED');
    await expect(resolveAttachments(services(fetcher), ref, 1)).rejects.toThrow('ECONNREFUSED');
    const r = await resolveAttachments(services(fetcher), ref, 2);
    expect(r.vars.attachments).toMatchObject({
      unavailable: 'the mailbox could not be read (connect ECONNREFUSED)',
    });
  });

  it('keeps an inline image inline with its Content-ID, once per mail', async () => {
    const fetcher = new FakeFetcher(present('shot@customer.example'));
    const ref: CustomerAttachmentsRef = {
      mode: 'delivery',
      attach: [
        group('<m1@x>', [item(0, 'shot.png', 5, 'image/png')]),
        group('<m2@x>', [item(0, 'shot.png', 5, 'image/png')]),
      ],
      part: { n: 1, of: 2 },
    };
    const r = await resolveAttachments(services(fetcher), ref, 0);
    expect(r.files.map((f) => [f.cid, f.inline])).toEqual([
      ['shot@customer.example', true],
      [undefined, undefined],
    ]);
    expect(r.vars.attachments).toMatchObject({ part: 'mail 1 of 2' });
  });

  it('drops a Content-ID that could break out of the HTML attribute: the file is attached plainly', async () => {
    const fetcher = new FakeFetcher(present('x"><script>@evil'));
    const r = await resolveAttachments(services(fetcher), notice([item(0, 'shot.png', 5, 'image/png')]), 0);
    expect(r.files[0]?.cid).toBeUndefined();
  });

  it('a delivery lists the files too large for any mail, and says when there is nothing', async () => {
    const fetcher = new FakeFetcher(present());
    const big: CustomerAttachmentsRef = {
      mode: 'delivery',
      attach: [],
      tooLarge: [group('<m1@x>', [item(0, 'dump.iso', 5000)])],
    };
    const r = await resolveAttachments(services(fetcher), big, 0);
    expect(r.vars.attachments).toMatchObject({
      tooLarge: [{ filename: 'dump.iso', size: '5 KB', messageId: '<m1@x>', mailbox: 'netop@example.test' }],
      none: false,
    });
    const empty = await resolveAttachments(services(fetcher), { mode: 'delivery', attach: [] }, 0);
    expect(empty.vars.attachments).toMatchObject({ none: true });
  });
});
