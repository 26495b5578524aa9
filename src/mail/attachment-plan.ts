/**
 * Which of a customer's attachments go into which mail to the engineers, within a total size
 * cap. Pure: sizes come from the references the pipeline carries, never from the bytes.
 */

/** One attachment of one customer mail, as referenced in job data (no content). */
export interface AttachmentItem {
  /** Position in the mail's parsed attachment list (mailparser order), to find it again. */
  index: number;
  filename: string;
  contentType: string;
  /** Decoded size in bytes. */
  size: number;
}

/** What a notice does with the attachments of the mail it is about. */
export type NoticePlan = { kind: 'none' } | { kind: 'attach' } | { kind: 'list'; total: number };

export const totalSize = (items: readonly { size: number }[]): number =>
  items.reduce((sum, a) => sum + a.size, 0);

/** All of them when they fit under the cap together, else none (listed with sizes). */
export function planNotice(items: readonly AttachmentItem[], capBytes: number): NoticePlan {
  if (items.length === 0) return { kind: 'none' };
  const total = totalSize(items);
  return total <= capBytes ? { kind: 'attach' } : { kind: 'list', total };
}

export interface SplitResult<T> {
  /** Each inner list is one mail; its sizes add up to at most the cap. */
  mails: T[][];
  /** Files larger than the cap on their own: no mail within the cap can carry them. */
  tooLarge: T[];
}

/**
 * Packs files into as few mails as first-fit allows, each at most `capBytes` in total, keeping
 * the customer's order within each mail (a later small file may fill an earlier mail's room).
 */
export function splitIntoMails<T extends { size: number }>(
  items: readonly T[],
  capBytes: number,
): SplitResult<T> {
  const mails: T[][] = [];
  const room: number[] = [];
  const tooLarge: T[] = [];
  for (const item of items) {
    if (item.size > capBytes) {
      tooLarge.push(item);
      continue;
    }
    const at = room.findIndex((free) => free >= item.size);
    if (at === -1) {
      mails.push([item]);
      room.push(capBytes - item.size);
    } else {
      mails[at]?.push(item);
      room[at] = (room[at] ?? 0) - item.size;
    }
  }
  return { mails, tooLarge };
}

/** Sizes as people read them: 512 B, 41 KB, 3.0 MB (binary units, as mail clients show). */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const mb = bytes / (1024 * 1024);
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

/**
 * A customer-chosen file name as one printable line: an encoded word can decode to CR/LF, and
 * the name is printed into mails the engineers answer.
 */
export function safeFilename(name: string): string {
  const clean = name
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim()
    .slice(0, 200);
  return clean === '' ? 'unnamed' : clean;
}
