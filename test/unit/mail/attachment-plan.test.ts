import { describe, expect, it } from 'vitest';
import {
  type AttachmentItem,
  formatSize,
  planNotice,
  safeFilename,
  splitIntoMails,
  totalSize,
} from '../../../src/mail/attachment-plan.js';

const item = (filename: string, size: number, index = 0): AttachmentItem => ({
  index,
  filename,
  contentType: 'application/octet-stream',
  size,
});
const names = (mails: AttachmentItem[][]): string[][] => mails.map((m) => m.map((a) => a.filename));
const MB = 1024 * 1024;

describe('planNotice', () => {
  it('attaches everything that fits under the cap together, the cap included', () => {
    expect(planNotice([item('a', 10 * MB), item('b', 5 * MB)], 15 * MB)).toEqual({ kind: 'attach' });
  });
  it('lists everything, with the total, once the files together are above the cap', () => {
    expect(planNotice([item('a', 10 * MB), item('b', 5 * MB + 1)], 15 * MB)).toEqual({
      kind: 'list',
      total: 15 * MB + 1,
    });
  });
  it('has nothing to do for a mail without attachments', () => {
    expect(planNotice([], 15 * MB)).toEqual({ kind: 'none' });
  });
});

describe('splitIntoMails', () => {
  it('puts everything in one mail when it fits', () => {
    const r = splitIntoMails([item('a', 3), item('b', 4)], 10);
    expect(names(r.mails)).toEqual([['a', 'b']]);
    expect(r.tooLarge).toEqual([]);
  });

  it('keeps every mail within the cap and fills earlier mails first (first fit)', () => {
    const r = splitIntoMails([item('a', 150), item('b', 120), item('c', 40), item('d', 60)], 200);
    expect(names(r.mails)).toEqual([
      ['a', 'c'],
      ['b', 'd'],
    ]);
    for (const mail of r.mails) expect(totalSize(mail)).toBeLessThanOrEqual(200);
  });

  it('sets apart a file bigger than the cap on its own: no mail within the cap can carry it', () => {
    const r = splitIntoMails([item('a', 5), item('huge', 11), item('b', 5)], 10);
    expect(names(r.mails)).toEqual([['a', 'b']]);
    expect(r.tooLarge.map((a) => a.filename)).toEqual(['huge']);
  });

  it('gives one mail per file when each fills the cap exactly', () => {
    const r = splitIntoMails([item('a', 10), item('b', 10), item('c', 10)], 10);
    expect(names(r.mails)).toEqual([['a'], ['b'], ['c']]);
  });

  it('loses and duplicates nothing, over many sizes', () => {
    const items = Array.from({ length: 200 }, (_, i) => item(`f${i}`, (i * 7919) % 1000, i));
    const r = splitIntoMails(items, 900);
    const out = [...r.mails.flat(), ...r.tooLarge].map((a) => a.index).sort((x, y) => x - y);
    expect(out).toEqual(items.map((a) => a.index));
    for (const mail of r.mails) expect(totalSize(mail)).toBeLessThanOrEqual(900);
    expect(r.tooLarge.every((a) => a.size > 900)).toBe(true);
  });

  it('sends no mail for no files', () => {
    expect(splitIntoMails([], 10)).toEqual({ mails: [], tooLarge: [] });
  });
});

describe('listing', () => {
  it('formats sizes as mail clients show them', () => {
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(41 * 1024 + 100)).toBe('41 KB');
    expect(formatSize(3 * MB)).toBe('3.0 MB');
    expect(formatSize(15 * MB)).toBe('15 MB');
  });

  it('prints a customer-chosen file name as one line', () => {
    expect(safeFilename('report\r\n#resolve.pdf')).toBe('report #resolve.pdf');
    expect(safeFilename('  \u0000 ')).toBe('unnamed');
    expect(safeFilename('x'.repeat(300))).toHaveLength(200);
  });
});
