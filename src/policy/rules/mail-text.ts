import { normalizeText } from './text-match.js';

/** The parts of a mail the rules read, normalized once. */
export interface MailText {
  /** Subject as written (for version and key extraction, which care about case). */
  rawSubject: string;
  /** Body as written, quoted history removed. */
  rawBody: string;
  subject: string;
  body: string;
  /** Subject and body together; what most rules match against. */
  all: string;
}

// Lines that start an older message's quote: everything from there down was written by someone
// else (often us), so our own words must not classify the customer's mail.
const QUOTE_HEADER_PATTERNS: readonly RegExp[] = [
  /^on .{3,200} wrote:\s*$/i,
  /^-{2,}\s*original message\s*-{2,}\s*$/i,
  /^from: .+$/i,
  /^op .{3,200} schreef .{0,100}:\s*$/i,
  /^am .{3,200} schrieb .{0,100}:\s*$/i,
];

/** Body text without `>` quoted lines and without anything below a reply header. */
export function stripQuotedHistory(body: string): string {
  const kept: string[] = [];
  for (const line of body.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (QUOTE_HEADER_PATTERNS.some((pattern) => pattern.test(trimmed))) break;
    if (trimmed.startsWith('>')) continue;
    kept.push(line);
  }
  return kept.join('\n');
}

export function mailText(subject: string, body: string): MailText {
  const rawBody = stripQuotedHistory(body);
  const normalizedSubject = normalizeText(subject);
  const normalizedBody = normalizeText(rawBody);
  return {
    rawSubject: subject,
    rawBody,
    subject: normalizedSubject,
    body: normalizedBody,
    // A newline-free separator that no phrase contains keeps subject and body words apart.
    all: `${normalizedSubject} | ${normalizedBody}`,
  };
}
