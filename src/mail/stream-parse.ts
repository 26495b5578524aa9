import type { Readable } from 'node:stream';
import {
  type AddressObject,
  type AttachmentStream,
  type HeaderLines,
  type Headers,
  MailParser,
  type MailParserOptions,
  type MessageText,
} from 'mailparser';
import { SourceReadError } from './source-read-error.js';

/** What intake reads of a parsed mail; attachment bytes only where asked for. */
export interface StreamedMail {
  headers: Headers;
  headerLines: HeaderLines;
  text?: string | undefined;
  attachments: { filename?: string | undefined; contentType: string; size: number; content?: Buffer }[];
  from?: AddressObject | undefined;
  to?: AddressObject | AddressObject[] | undefined;
  cc?: AddressObject | AddressObject[] | undefined;
  replyTo?: AddressObject | undefined;
  subject?: string | undefined;
  date?: Date | undefined;
  messageId?: string | undefined;
  inReplyTo?: string | undefined;
  references?: string | string[] | undefined;
}

/**
 * mailparser's streaming parser, like its `simpleParser` but with attachment bytes counted and
 * dropped unless `keepContent` (asked once the headers are known) wants them: a 25 MB
 * attachment of a customer's mail never sits in memory beside the mail's own source. Given a
 * stream (a large mail read from IMAP in chunks), the source is never whole in memory either.
 */
export function streamParse(
  raw: Buffer | Readable,
  options: MailParserOptions,
  keepContent: (headers: Headers) => boolean,
): Promise<StreamedMail> {
  return new Promise((resolve, reject) => {
    const parser = new MailParser(options);
    let headers: Headers = new Map();
    let headerLines: HeaderLines = [];
    let keep = false;
    let text: string | undefined;
    const attachments: StreamedMail['attachments'] = [];
    let settled = false;
    const fail = (err: unknown): void => {
      if (settled) return;
      settled = true;
      reject(err);
    };
    parser.on('error', (err: unknown) => {
      // A mail the parser refuses ends the read: the rest of a stream is not wanted.
      if (!Buffer.isBuffer(raw)) raw.destroy();
      fail(err);
    });
    parser.on('headers', (h: Headers) => {
      headers = h;
      headerLines = parser.headerLines || [];
      keep = keepContent(h);
    });
    parser.on('data', (data: AttachmentStream | MessageText) => {
      if (data.type === 'text') {
        text = data.text;
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      data.content.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (keep) chunks.push(chunk);
      });
      data.content.on('end', () => {
        attachments.push({
          filename: data.filename,
          contentType: data.contentType,
          size,
          ...(keep ? { content: Buffer.concat(chunks, size) } : {}),
        });
        data.release?.();
      });
    });
    parser.on('end', () => {
      if (settled) return;
      settled = true;
      const get = <T>(key: string): T | undefined => headers.get(key) as T | undefined;
      resolve({
        headers,
        headerLines,
        text,
        attachments,
        from: get<AddressObject>('from'),
        to: get<AddressObject | AddressObject[]>('to'),
        cc: get<AddressObject | AddressObject[]>('cc'),
        replyTo: get<AddressObject>('reply-to'),
        subject: get<string>('subject'),
        date: get<Date>('date'),
        messageId: get<string>('message-id'),
        inReplyTo: get<string>('in-reply-to'),
        references: get<string | string[]>('references'),
      });
    });
    if (Buffer.isBuffer(raw)) {
      parser.end(raw);
      return;
    }
    raw.on('error', (err: unknown) => {
      parser.destroy();
      fail(new SourceReadError(err));
    });
    raw.pipe(parser);
  });
}
