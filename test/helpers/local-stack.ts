import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { type ParsedMail, simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';

const run = promisify(execFile);

/** The local stack's conventions (scripts/stack). */
// The same environment variables scripts/stack reads, so a second stack can run beside the first.
export const STACK = {
  imap: { host: '127.0.0.1', port: Number(process.env.IMAP_PORT ?? 1143) },
  smtp: { host: '127.0.0.1', port: Number(process.env.SMTP_PORT ?? 2525) },
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
  subject: string;
  text: string;
  headers?: Record<string, string>;
  messageId?: string;
  inReplyTo?: string;
  references?: string[];
  html?: string;
}

const transport = nodemailer.createTransport({ ...STACK.smtp, secure: false, ignoreTLS: true });

export async function sendMail(mail: TestMail): Promise<string> {
  const info = await transport.sendMail(mail);
  return info.messageId;
}

async function withImap<T>(address: string, fn: (client: ImapFlow) => Promise<T>): Promise<T> {
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

/** How many messages a folder holds (IMAP STATUS): cheap enough to poll. */
export async function countMessages(address: string, folder = 'INBOX'): Promise<number> {
  return withImap(address, async (client) => {
    const status = await client.status(folder, { messages: true });
    return status === false ? 0 : (status.messages ?? 0);
  });
}

/** Every message in a folder, parsed; an absent folder is empty. */
export async function readFolder(address: string, folder = 'INBOX'): Promise<ParsedMail[]> {
  return withImap(address, async (client) => {
    const list = await client.list();
    if (!list.some((m) => m.path === folder)) return [];
    const lock = await client.getMailboxLock(folder);
    try {
      const box = client.mailbox;
      if (box === false || box.exists === 0) return [];
      const messages = await client.fetchAll('1:*', { source: true });
      return Promise.all(messages.map((m) => simpleParser(m.source ?? Buffer.alloc(0))));
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
