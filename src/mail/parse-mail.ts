import type { Readable } from 'node:stream';
import type { AddressObject, HeaderValue } from 'mailparser';
import type { InboundMail } from './inbound-mail.js';
import { SourceReadError } from './source-read-error.js';
import { type StreamedMail, streamParse } from './stream-parse.js';
import { type HeaderLine, notAuthenticated } from './trust/sender-verdict.js';

/** What sender authentication needs besides the parsed mail; not carried in jobs. */
export interface ParseEvidence {
  headerLines: HeaderLine[];
  /** Mailboxes named in all From fields together. */
  fromMailboxes: number;
}

export type ParseOutcome =
  | { ok: true; mail: InboundMail; evidence: ParseEvidence }
  | { ok: false; reason: string };

const addresses = (value: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? [value] : [])
    .flatMap((a) => a.value)
    .map((a) => (a.address ?? '').toLowerCase())
    .filter((a) => a.includes('@'));

function headerText(value: HeaderValue | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.join(', ');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && 'value' in value && typeof value.value === 'string') return value.value;
  return undefined;
}

/** A header field's unfolded value from the raw lines, or undefined when the mail has none. */
function rawHeader(lines: ReadonlyArray<{ key: string; line: string }>, key: string): string | undefined {
  const line = lines.find((h) => h.key === key)?.line;
  if (line === undefined) return undefined;
  return line
    .slice(line.indexOf(':') + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

function headerList(value: HeaderValue | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.map(String) : [headerText(value) ?? ''];
}

const ids = (value: string | string[] | undefined): string[] =>
  (Array.isArray(value) ? value : value ? value.split(/\s+/) : [])
    .map((s) => s.trim())
    .filter((s) => s !== '');

/**
 * A display name as one line: an encoded word can decode to CR/LF (`=?utf-8?q?Bob=0A#resolve?=`),
 * and the name is printed into mails the engineers answer, where a line break would start a line
 * the sender chose. Other control characters go too.
 */
export const displayName = (name: string | undefined): string =>
  (name ?? '')
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/\s{2,}/g, ' ')
    .trim();

/** How much of a mail's text the pipeline carries: hostile mail must not choose our work. */
export interface ParseLimits {
  maxSubjectChars: number;
  maxTextChars: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxSubjectChars: 998, maxTextChars: 262_144 };

/**
 * Parses a raw message (charsets, HTML → text, attachments reduced to name/type/size).
 * Mail without a usable sender cannot be answered or attributed: that is "unparseable".
 * A stream that fails to deliver the mail throws (SourceReadError): that says nothing of the mail.
 */
export async function parseMail(
  raw: Buffer | Readable,
  fallbackId: string,
  receivedAt: Date,
  keepAttachmentContent: (sender: string) => boolean = () => false,
  limits: ParseLimits = DEFAULT_PARSE_LIMITS,
): Promise<ParseOutcome> {
  let parsed: StreamedMail;
  try {
    parsed = await streamParse(
      raw,
      { skipImageLinks: true, skipTextToHtml: true, maxHtmlLengthToParse: 2_000_000 },
      (headers) => {
        const sender = (headers.get('from') as AddressObject | undefined)?.value[0]?.address ?? '';
        return keepAttachmentContent(sender.toLowerCase());
      },
    );
  } catch (err) {
    if (err instanceof SourceReadError) throw err;
    return {
      ok: false,
      reason: `mail could not be parsed: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
  const from = parsed.from?.value[0];
  const fromAddress = from?.address?.toLowerCase() ?? '';
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(fromAddress)) {
    return {
      ok: false,
      reason: `no valid sender address in From (found ${JSON.stringify(parsed.from?.text ?? '')})`,
    };
  }
  const contentType = parsed.headers.get('content-type');
  const reportType =
    typeof contentType === 'object' && contentType !== null && 'params' in contentType
      ? (contentType.params as Record<string, string>)['report-type']
      : undefined;
  const dateOk = parsed.date instanceof Date && !Number.isNaN(parsed.date.getTime());
  const mail: InboundMail = {
    messageId: parsed.messageId ?? `<${fallbackId}@support-intake.invalid>`,
    from: { address: fromAddress, name: displayName(from?.name) },
    sender: notAuthenticated('not checked yet'),
    replyTo: addresses(parsed.replyTo)[0],
    to: addresses(parsed.to),
    cc: addresses(parsed.cc),
    subject: (parsed.subject ?? '').slice(0, limits.maxSubjectChars),
    date: (dateOk ? (parsed.date as Date) : receivedAt).toISOString(),
    text: (parsed.text ?? '').slice(0, limits.maxTextChars).trim(),
    inReplyTo: parsed.inReplyTo,
    references: ids(parsed.references),
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? 'unnamed',
      contentType: a.contentType,
      size: a.size,
      ...(a.content ? { content: a.content.toString('base64') } : {}),
    })),
    headers: {
      autoSubmitted: headerText(parsed.headers.get('auto-submitted')),
      precedence: headerText(parsed.headers.get('precedence')),
      // mailparser folds every List-* field into one `list` object: read List-Id from the raw line.
      listId: rawHeader(parsed.headerLines, 'list-id'),
      xAutoResponseSuppress: headerText(parsed.headers.get('x-auto-response-suppress')),
      xLoop: headerList(parsed.headers.get('x-loop')),
      // From the raw line: mailparser turns "<>" (a bounce's null sender) into an empty address.
      returnPath: parsed.headerLines
        .find((h) => h.key === 'return-path')
        ?.line.replace(/^return-path:\s*/i, '')
        .trim(),
    },
    isDeliveryReport:
      parsed.headers.get('content-type') !== undefined &&
      (contentType as { value?: string } | undefined)?.value?.toLowerCase() === 'multipart/report' &&
      reportType?.toLowerCase() === 'delivery-status',
  };
  const fromMailboxes = (parsed.from?.value ?? []).flatMap((v) => v.group ?? [v]).length;
  return { ok: true, mail, evidence: { headerLines: [...parsed.headerLines], fromMailboxes } };
}
