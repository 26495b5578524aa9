import { execFile, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import type { DNSResolver } from 'mailauth';
import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import { dnsResolver } from '../../src/mail/trust/dns-resolver.js';

const run = promisify(execFile);

function stackDir(): string {
  if (process.env.STACK_DIR) return process.env.STACK_DIR;
  const env = execFileSync('bash', ['scripts/stack', 'env'], { encoding: 'utf8' });
  return /^STACK_DIR=(.*)$/m.exec(env)?.[1] ?? '.stack';
}

/** The local stack's conventions (scripts/stack). */
// The same environment variables scripts/stack reads, so a second stack can run beside the first.
export const STACK = {
  /** Where the stack keeps its state: `.stack/`, or a per-checkout dir under /var/tmp (scripts/stack env). */
  dir: stackDir(),
  imap: { host: '127.0.0.1', port: Number(process.env.IMAP_PORT ?? 1143) },
  /** The MX: anyone delivers here without authentication (outsiders, forgers). */
  smtp: { host: '127.0.0.1', port: Number(process.env.SMTP_PORT ?? 2525) },
  /** Submission: SMTP AUTH as the sender's own address; mail leaves DKIM-signed via the MX. */
  submission: { host: '127.0.0.1', port: Number(process.env.SUBMISSION_PORT ?? 2587) },
  /** The stack's DNS: DKIM keys, SPF and DMARC of example.test and partner.test. */
  dns: { host: '127.0.0.1', port: Number(process.env.DNS_PORT ?? 5353) },
  /** The authserv-id of the Authentication-Results the MX writes (and strips from arriving mail). */
  authservId: 'mx.example.test',
  dkimSelector: 'stack',
  /** Where submitted mail reaches the MX from: the only address SPF allows. */
  senderMtaAddress: '127.0.0.2',
  redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  password: 'secret',
} as const;

/** A short random id so each test has its own Redis prefix and mailboxes. */
export const uniqueId = (): string => randomBytes(4).toString('hex');

/** Creates Dovecot mailboxes (one passwd-file line each); idempotent. */
export async function addMailboxes(...addresses: string[]): Promise<void> {
  await run('bash', ['scripts/stack', 'add-mailbox', ...addresses]);
}

export interface TestMail {
  from: string;
  to: string;
  cc?: string;
  subject: string;
  text: string;
  headers?: Record<string, string | string[]>;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  html?: string;
  attachments?: { filename: string; content: Buffer; contentType: string; cid?: string }[];
  /** SMTP envelope, when it should differ from the headers. */
  envelope?: { from: string; to: string };
}

const mxTransport = nodemailer.createTransport({ ...STACK.smtp, secure: false, ignoreTLS: true });

/**
 * Sends again after a temporary refusal (4xx), a few times a second apart, as every mail client
 * and MTA does: a milter restarting must not fail a test. Permanent refusals throw at once.
 */
export async function retryingTemporary<T>(send: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      const code = (err as { responseCode?: number }).responseCode;
      if (code === undefined || code < 400 || code >= 500 || attempt >= 8) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

/** Delivers through the MX without authentication: how outsiders and forgers send. */
export async function deliverToMx(mail: TestMail): Promise<string> {
  const info = await retryingTemporary(() => mxTransport.sendMail(mail));
  return info.messageId;
}

/** Whether the stack has an account (a Dovecot passwd-file line) for the address. */
function hasAccount(address: string): boolean {
  const users = readFileSync(join(STACK.dir, 'dovecot', 'users'), 'utf8');
  return users.split('\n').some((line) => line.split(':')[0]?.toLowerCase() === address.toLowerCase());
}

/**
 * Sends as the sender really would: the stack's own users (any address with a mailbox)
 * through submission, authenticated and DKIM-signed; everyone else straight to the MX. Tests
 * of forgery call deliverToMx themselves.
 */
export async function sendMail(mail: TestMail): Promise<string> {
  const sender = addressOf(mail.from);
  const ownEnvelope = mail.envelope === undefined || mail.envelope.from === sender;
  return ownEnvelope && hasAccount(sender) ? submitMail(mail) : deliverToMx(mail);
}

/** The bare address of a From value such as `Customer <customer@example.test>`. */
const addressOf = (from: string): string => (/<([^<>]+)>\s*$/.exec(from)?.[1] ?? from).trim();

/**
 * Submits as the sender, authenticated (user = the From address, password `secret`): the genuine
 * path. The sender must be a mailbox (addMailboxes). Options override the login, e.g. to prove a
 * wrong password or a From that is not the login is refused.
 */
export async function submitMail(
  mail: TestMail,
  login: { user?: string; pass?: string } = {},
): Promise<string> {
  const auth = { user: login.user ?? addressOf(mail.from), pass: login.pass ?? STACK.password };
  const transport = nodemailer.createTransport({
    ...STACK.submission,
    secure: false,
    ignoreTLS: true,
    auth,
  });
  try {
    const info = await retryingTemporary(() => transport.sendMail(mail));
    return info.messageId;
  } finally {
    transport.close();
  }
}

/** A DNS lookup through the stack's DNS server, in the shape mailauth's `resolver` option takes. */
export function stackDnsResolver(): DNSResolver {
  return dnsResolver([`${STACK.dns.host}:${STACK.dns.port}`]);
}

/** Runs `fn` on an IMAP session of one stack account, logged out after. */
export async function withImap<T>(address: string, fn: (client: ImapFlow) => Promise<T>): Promise<T> {
  const client = new ImapFlow({
    ...STACK.imap,
    secure: false,
    auth: { user: address, pass: STACK.password },
    logger: false,
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.logout().catch(() => client.close());
  }
}

/**
 * Puts a raw mail straight into a folder (IMAP APPEND), as the store would after delivery: for
 * mail no MTA would pass on (malformed, oversized) that must still reach the daemon.
 */
export async function appendMail(address: string, raw: Buffer, folder = 'INBOX'): Promise<void> {
  await withImap(address, async (client) => {
    await client.append(folder, raw);
  });
}

/** How many messages a folder holds (IMAP STATUS): cheap enough to poll. */
export async function countMessages(address: string, folder = 'INBOX'): Promise<number> {
  return withImap(address, async (client) => {
    const status = await client.status(folder, { messages: true });
    return status === false ? 0 : (status.messages ?? 0);
  });
}

/** Every message in a folder, parsed; an absent folder is empty. */
export async function readFolder(address: string, folder = 'INBOX'): Promise<ParsedMail[]> {
  const sources = await readSources(address, folder);
  return Promise.all(sources.map((source) => simpleParser(source)));
}

/** Every message in a folder as delivered (raw RFC 5322 bytes); an absent folder is empty. */
export async function readSources(address: string, folder = 'INBOX'): Promise<Buffer[]> {
  return withImap(address, async (client) => {
    const list = await client.list();
    if (!list.some((m) => m.path === folder)) return [];
    const lock = await client.getMailboxLock(folder);
    try {
      const box = client.mailbox;
      if (box === false || box.exists === 0) return [];
      const messages = await client.fetchAll('1:*', { source: true });
      return messages.map((m) => m.source ?? Buffer.alloc(0));
    } finally {
      lock.release();
    }
  });
}

/** Polls a folder until `count` messages match, or fails after `timeoutMs` with what it saw. */
export async function waitForMail(
  address: string,
  match: (m: ParsedMail) => boolean,
  options: { count?: number; timeoutMs?: number; folder?: string } = {},
): Promise<ParsedMail[]> {
  const { count = 1, timeoutMs = 15_000, folder = 'INBOX' } = options;
  const deadline = Date.now() + timeoutMs;
  let seen: ParsedMail[] = [];
  while (Date.now() < deadline) {
    seen = await readFolder(address, folder);
    const found = seen.filter(match);
    if (found.length >= count) return found;
    await new Promise((r) => setTimeout(r, 250));
  }
  const subjects = seen.map((m) => m.subject).join(' | ');
  throw new Error(
    `timed out waiting for ${count} mail(s) in ${address}/${folder}; it holds: ${subjects || 'nothing'}`,
  );
}
