// How long after a mail is accepted an IMAP client waiting in IDLE hears of it, on the local
// stack: straight to the MX (LMTP delivery) and through submission (DKIM signing, relay).
// Dovecot holds IDLE notifications back by a fixed delay after a mailbox changes, which is a
// floor under every "at rest" latency measured through IDLE (docs/performance.md).
// Usage: npx tsx bench/imap-idle-delay.ts [ROUNDS]   (needs `scripts/stack up`)
import { ImapFlow } from 'imapflow';
import { addMailboxes, deliverToMx, STACK, submitMail, uniqueId } from '../test/helpers/local-stack.js';

const ROUNDS = Number(process.argv[2] ?? 5);
const id = uniqueId();
const from = `idle-probe-a-${id}@example.test`;
const to = `idle-probe-b-${id}@example.test`;
await addMailboxes(from, to);
const client = new ImapFlow({
  ...STACK.imap,
  secure: false,
  auth: { user: to, pass: STACK.password },
  logger: false,
});
await client.connect();
await client.mailboxOpen('INBOX');
let heard: () => void = () => {};
client.on('exists', () => heard());
// The first IDLE starts after imapflow's auto-idle delay: wait for it before measuring.
await new Promise((r) => setTimeout(r, 16_000));
const rows: { path: string; acceptedMs: number; heardMs: number }[] = [];
for (let i = 0; i < ROUNDS * 2; i++) {
  const path = i % 2 === 0 ? 'MX (LMTP)' : 'submission';
  const notified = new Promise<void>((r) => (heard = r));
  const t0 = Date.now();
  const mail = { from, to, subject: `idle probe ${i}`, text: 'x' };
  await (path === 'submission' ? submitMail(mail) : deliverToMx(mail));
  const accepted = Date.now() - t0;
  await notified;
  rows.push({ path, acceptedMs: accepted, heardMs: Date.now() - t0 });
  await new Promise((r) => setTimeout(r, 1000));
}
console.table(rows);
await client.logout();
