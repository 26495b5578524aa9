import type { AddressObject, ParsedMail } from 'mailparser';
import { expect } from 'vitest';
import { readFolder, sendMail, waitForMail } from './local-stack.js';
import type { PolicyId, TestDaemon } from './test-daemon.js';

// Small mail, case and clock helpers the integration tests on the real stack share: reading
// replies (addresses, threading, headers, body), the RFC 3834 auto-reply checks, and reading a
// test daemon's cases, history and mail log from Redis.

/**
 * A daemon clock that starts at `isoInstant` when this is called and then ticks with real time,
 * so due times in replies are exact while timers still run.
 */
export const tickingClockFrom = (isoInstant: string): (() => Date) => {
  const anchor = Date.parse(isoInstant);
  if (Number.isNaN(anchor)) throw new Error(`not an ISO instant: ${JSON.stringify(isoInstant)}`);
  const startedAt = Date.now();
  return () => new Date(anchor + (Date.now() - startedAt));
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The lower-cased addresses of a From/To/Reply-To header. */
export const addressesOf = (v: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(v) ? v : v ? [v] : []).flatMap((a) => a.value).map((a) => (a.address ?? '').toLowerCase());

export const referencesOf = (m: ParsedMail): string[] =>
  Array.isArray(m.references) ? m.references : m.references ? [m.references] : [];

/** A header as a string: '' when absent, list values joined with ', '. */
export const headerOf = (m: ParsedMail, name: string): string => {
  const v = m.headers.get(name);
  return typeof v === 'string'
    ? v
    : Array.isArray(v)
      ? v.join(', ')
      : v === undefined
        ? ''
        : JSON.stringify(v);
};

/** What Handlebars' escapeExpression makes of a string (the HTML part is the escaped text). */
export const escapeHtml = (s: string): string =>
  s.replace(
    /[&<>"'`=]/g,
    (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#x27', '`': '#x60', '=': '#x3D' }[c]};`,
  );

/** The text part with every run of whitespace made one space. */
export const bodyOf = (m: ParsedMail): string => (m.text ?? '').replace(/\s+/g, ' ');

/** The first mail in `address`'s INBOX whose In-Reply-To is `messageId`; fails if none arrives. */
export async function replyTo(address: string, messageId: string): Promise<ParsedMail> {
  const [reply] = await waitForMail(address, (m) => m.inReplyTo === messageId);
  if (!reply) throw new Error(`no reply to ${messageId}`);
  return reply;
}

/** Recipients, threading, RFC 3834 headers and an escaped HTML part. */
export function expectAutoReply(reply: ParsedMail, o: { from: string; to: string; inReplyTo: string }): void {
  expect(addressesOf(reply.from)).toEqual([o.from.toLowerCase()]);
  expect(addressesOf(reply.to)).toEqual([o.to.toLowerCase()]);
  expect(reply.inReplyTo).toBe(o.inReplyTo);
  expect(referencesOf(reply)).toContain(o.inReplyTo);
  expect(headerOf(reply, 'auto-submitted')).toBe('auto-replied');
  expect(headerOf(reply, 'x-loop')).toBe('support-intake');
  expect(typeof reply.html).toBe('string');
  const html = String(reply.html);
  expect(html).toMatch(/<html[\s>]/);
  expect(html).toContain(`<title>${escapeHtml(reply.subject ?? '')}</title>`);
  // The body's first line, escaped, is in the HTML part.
  const firstLine = (reply.text ?? '').split('\n')[0] ?? '';
  expect(html).toContain(escapeHtml(firstLine));
}

/** The reply to `messageId` in `to`'s INBOX (replyTo), checked as an auto-reply from `mailbox` (expectAutoReply). */
export async function autoReplyFrom(mailbox: string, to: string, messageId: string): Promise<ParsedMail> {
  const reply = await replyTo(to, messageId);
  expectAutoReply(reply, { from: mailbox, to, inReplyTo: messageId });
  return reply;
}

/**
 * Mail to one seed policy's mailbox of a suite's daemon, read through `daemon` at call time (so
 * it may return a `let` that beforeAll assigns). `send` mails the mailbox, from the customer
 * unless `from` says otherwise, and resolves to the Message-ID; `replyFor` is the mailbox's
 * auto-reply to `to` about `messageId`, checked by autoReplyFrom.
 */
export function policyMail(daemon: () => TestDaemon, policy: PolicyId) {
  const mailbox = (): string => daemon().addresses.mailbox[policy];
  return {
    send: (subject: string, text: string, from?: string): Promise<string> =>
      sendMail({ from: from ?? daemon().addresses.customer, to: mailbox(), subject, text }),
    replyFor: (to: string, messageId: string): Promise<ParsedMail> => autoReplyFrom(mailbox(), to, messageId),
  };
}

/** The case id in a `[PREFIX-n]` subject tag, e.g. `caseIdIn('FNM', reply.subject)`; fails without one. */
export const caseIdIn = (prefix: string, subject: string | undefined): string => {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`\\[(${escaped}-\\d+)\\]`).exec(subject ?? '');
  if (!m?.[1]) throw new Error(`no [${prefix}-n] tag in ${JSON.stringify(subject)}`);
  return m[1];
};

export interface HistoryEntry {
  at: string;
  event: string;
  detail: string;
}

/** A case's record (PostgreSQL), polled briefly (4 s) until it has `status`; returned as it is then. */
export async function caseRecord(
  d: TestDaemon,
  caseId: string,
  status: string,
): Promise<Record<string, string>> {
  // The ack is in the inbox a moment before the worker records it: poll briefly for the status.
  let record: Record<string, string> = {};
  for (let i = 0; i < 40; i++) {
    record = { ...(await d.cases.get(caseId)) } as Record<string, string>;
    if (record.status === status) break;
    await sleep(100);
  }
  return record;
}

export async function historyOf(d: TestDaemon, caseId: string): Promise<HistoryEntry[]> {
  return d.cases.history(caseId);
}

/**
 * The case reached `acknowledged` (polled as in caseRecord) with its id and `fields`, and its
 * history has `created`; returns the record for further checks.
 */
export async function expectAcknowledgedCase(
  d: TestDaemon,
  caseId: string,
  fields: Record<string, string>,
): Promise<Record<string, string>> {
  const record = await caseRecord(d, caseId, 'acknowledged');
  expect(record).toMatchObject({ id: caseId, ...fields, status: 'acknowledged' });
  expect((await historyOf(d, caseId)).map((h) => h.event)).toContain('created');
  return record;
}

export async function mailLogEntry(
  d: Pick<TestDaemon, 'mailLog'>,
  messageId: string,
): Promise<Record<string, string> | undefined> {
  const entry = (await d.mailLog()).find((e) => e.messageId === messageId);
  return entry && { outcome: entry.outcome, reason: entry.reason, messageId };
}

/** No case is linked to the message, and the mail log has it with `outcome`. */
export async function expectNoCase(d: TestDaemon, messageId: string, outcome: string): Promise<void> {
  expect(await d.cases.caseForMessages([messageId])).toBeUndefined();
  expect((await mailLogEntry(d, messageId))?.outcome).toBe(outcome);
}

/** After `waitMs`, nothing in `address`'s INBOX answers or references `messageId`. */
export async function expectNothingRepliesTo(
  address: string,
  messageId: string,
  waitMs = 4000,
): Promise<void> {
  await sleep(waitMs);
  const inbox = await readFolder(address);
  expect(inbox.filter((m) => m.inReplyTo === messageId || referencesOf(m).includes(messageId))).toEqual([]);
}

/** The ops alerts about `messageId` whose subject names `flag`; waits for at least one. */
export const opsAlert = (d: TestDaemon, messageId: string, flag: string) =>
  waitForMail(
    d.addresses.ops,
    (m) => referencesOf(m).includes(messageId) && (m.subject ?? '').includes(flag),
  );

/** `YYYY-MM` of `at` in Europe/London: the FastNetMon quota month (src/policy/rules/quota.ts). */
export const londonMonth = (at: Date): string => {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}`;
};
