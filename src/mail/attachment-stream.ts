import type { Readable } from 'node:stream';
import { type AttachmentStream, MailParser, type MessageText } from 'mailparser';
import type { AttachmentItem } from './attachment-plan.js';

export interface FetchedAttachment {
  item: AttachmentItem;
  content: Buffer;
  /** The part's Content-ID without brackets, when it had one (inline images). */
  contentId?: string;
  /** Shown in the message body by the customer's client (Content-Disposition inline). */
  inline: boolean;
}

/**
 * Reads the wanted attachments out of a raw mail as it streams in: parts that are not wanted
 * are drained, never held, so memory is the wanted files plus the parser's buffers, whatever
 * the mail's size. mailparser numbers attachments in the same order as at intake (simpleParser
 * is built on this parser), and each wanted one must still have the name and size it had then;
 * otherwise this is another mail (a reused Message-ID) and the answer is undefined.
 */
export function readWantedAttachments(
  source: Readable,
  messageId: string,
  items: readonly AttachmentItem[],
): Promise<FetchedAttachment[] | undefined> {
  const wanted = new Map(items.map((item) => [item.index, item]));
  const found = new Map<number, FetchedAttachment>();
  // The same options as at intake: the attachment list must come out the same.
  const parser = new MailParser({ skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
  let otherMail = false;
  let index = 0;
  return new Promise((resolve, reject) => {
    const fail = (err: unknown): void => {
      source.unpipe(parser);
      parser.destroy();
      reject(err instanceof Error ? err : new Error(String(err)));
    };
    parser.on('headers', (headers) => {
      const id = headers.get('message-id');
      if (typeof id === 'string' && id !== messageId) otherMail = true;
    });
    parser.on('data', (data: AttachmentStream | MessageText) => {
      if (data.type !== 'attachment') return;
      const at = index++;
      const item = wanted.get(at);
      if (!item || otherMail) {
        data.content.on('end', () => data.release?.());
        data.content.resume();
        return;
      }
      const chunks: Buffer[] = [];
      let bytes = 0;
      data.content.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        bytes += chunk.length;
      });
      data.content.on('end', () => {
        data.release?.();
        if ((data.filename ?? 'unnamed') !== item.filename || bytes !== item.size) return;
        found.set(at, {
          item,
          content: Buffer.concat(chunks, bytes),
          ...(data.cid ? { contentId: data.cid } : {}),
          inline: data.contentDisposition === 'inline' || data.related === true,
        });
      });
    });
    parser.on('end', () => {
      const files = items.map((item) => found.get(item.index));
      resolve(otherMail || files.some((f) => f === undefined) ? undefined : (files as FetchedAttachment[]));
    });
    parser.on('error', fail);
    source.on('error', fail);
    source.pipe(parser);
  });
}
