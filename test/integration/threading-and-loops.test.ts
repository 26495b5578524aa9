import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMailboxes, retryingTemporary, STACK, sendMail, type TestMail } from '../helpers/local-stack.js';
import {
  autoReplyFrom,
  bodyOf,
  caseIdIn,
  caseRecord,
  expectNothingRepliesTo,
  historyOf,
  londonMonth,
  mailLogEntry,
  replyTo,
  tickingClockFrom,
} from '../helpers/scenario-assertions.js';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon.js';

// Threading (follow-ups land on their case) and loop protection (RFC 3834: robots get no
// answer) end to end on the real stack, on the FastNetMon mailbox. Clock as in
// scenarios-fastnetmon: Tuesday 10 June 2025 10:05 London.

const PREFIX = 'FNM';
const clock = tickingClockFrom('2025-06-10T09:05:00Z');

const rawTransport = nodemailer.createTransport({ ...STACK.smtp, secure: false, ignoreTLS: true });

/** Sends a raw RFC 5322 message (a bounce is multipart/report, which nodemailer does not compose). */
async function sendRaw(envelope: { from: string | false; to: string }, lines: string[]): Promise<void> {
  await retryingTemporary(() =>
    rawTransport.sendMail({
      envelope: { from: envelope.from, to: [envelope.to] },
      raw: lines.join('\r\n'),
    }),
  );
}

/** A robot mail got no answer: nothing in the sender's INBOX threads to it, and it is in the mail log as no-reply. */
async function expectIgnored(d: TestDaemon, sender: string, messageId: string, reason: string | RegExp) {
  await expectNothingRepliesTo(sender, messageId);
  const entry = await mailLogEntry(d, messageId);
  expect(entry).toBeDefined();
  expect(entry?.outcome).toBe('no-reply');
  expect(entry?.reason).toMatch(reason);
  expect(await d.cases.caseForMessages([messageId])).toBeUndefined();
}

describe('threading and mail loops on the real stack (FastNetMon mailbox)', () => {
  let d: TestDaemon;
  const mailerDaemon = 'mailer-daemon@example.test';
  /** A case every robot mail below threads into, as real auto-replies and loops would. */
  let base: { caseId: string; ackId: string; subject: string };
  const caseCount = () => d.caseSequence(PREFIX);

  const send = (mail: Omit<TestMail, 'from' | 'to'> & { from?: string }) =>
    sendMail({ from: d.addresses.customer, to: d.addresses.mailbox.fastnetmon, ...mail });
  /** Opens a case and returns its id and our ack. */
  const openCase = async (subject: string, text: string) => {
    const messageId = await send({ subject, text });
    const ack = await replyTo(d.addresses.customer, messageId);
    return { caseId: caseIdIn(PREFIX, ack.subject), ack, messageId };
  };

  beforeAll(async () => {
    d = await startTestDaemon({ now: clock });
    // The MAILER-DAEMON sender needs an INBOX so a wrong answer would be seen (idempotent).
    await addMailboxes(mailerDaemon);
    const opened = await openCase(
      'Traffic DB stops writing',
      'The Traffic DB daemon stops writing flows after an hour. FastNetMon 1.2.8.',
    );
    base = { caseId: opened.caseId, ackId: opened.ack.messageId ?? '', subject: opened.ack.subject ?? '' };
  });
  afterAll(async () => {
    await d?.dispose();
    rawTransport.close();
  });

  it('follow-up keeping [FNM-n] in the subject → followUpReceived on the same case, no new case', async () => {
    const { caseId, ack } = await openCase(
      'fcli crashes when adding a hostgroup',
      'Hi,\nwe run FastNetMon 1.2.8. Since this morning `fcli set hostgroup` segfaults with a core dump.\nRegards, Casey',
    );
    const casesBefore = await caseCount();
    const quotaCount = () => d.quota.count('fastnetmon', 'acme-fastnetmon', londonMonth(clock()));
    const quotaBefore = await quotaCount();
    expect(quotaBefore).toBeGreaterThan(0); // the cases opened so far did count

    // A fresh mail (no In-Reply-To/References): only the subject tag threads it.
    const followUpId = await send({
      subject: ack.subject ?? '',
      text: 'Here is the backtrace from the core dump: #0 hostgroup_add () at fcli.cpp:412',
    });
    const reply = await autoReplyFrom(d.addresses.mailbox.fastnetmon, d.addresses.customer, followUpId);
    expect(reply.subject).toBe(`Re: [${caseId}] fcli crashes when adding a hostgroup`);
    const body = bodyOf(reply);
    expect(body).toContain(
      `We have added it to case ${caseId}, and the engineer handling the case will see it.`,
    );
    expect(body).not.toContain('We have registered your request');

    expect(await caseCount()).toBe(casesBefore);
    expect(await quotaCount()).toBe(quotaBefore); // follow-ups never count
    expect(await d.cases.caseForMessages([followUpId])).toBe(caseId);
    const followUps = (await historyOf(d, caseId)).filter((h) => h.event === 'customer-follow-up');
    expect(followUps).toHaveLength(1);
    expect(followUps[0]?.detail).toContain('hostgroup_add () at fcli.cpp:412');
  });

  it('follow-up with only In-Reply-To set to our ack (no tag in the subject) → same case', async () => {
    const { caseId, ack } = await openCase(
      'REST API returns 500',
      'Calling the REST API endpoint /hostgroup with FastNetMon 1.2.8 returns HTTP 500 for every request.',
    );
    const casesBefore = await caseCount();
    const followUpId = await send({
      subject: 'More details on the 500 errors',
      text: 'It only happens for hostgroups with more than 1000 networks.',
      inReplyTo: ack.messageId ?? '',
    });
    const reply = await autoReplyFrom(d.addresses.mailbox.fastnetmon, d.addresses.customer, followUpId);
    expect(reply.subject).toBe(`Re: [${caseId}] More details on the 500 errors`);
    expect(bodyOf(reply)).toContain(`We have added it to case ${caseId}`);
    expect(await caseCount()).toBe(casesBefore);
    const history = await historyOf(d, caseId);
    expect(history.filter((h) => h.event === 'customer-follow-up').map((h) => h.detail)).toEqual([
      'It only happens for hostgroups with more than 1000 networks.',
    ]);
  });

  it('follow-up on a case waiting on the customer (old version) → followUpReceived, case back in progress, pause closed', async () => {
    const { caseId, ack } = await openCase(
      'Hosts not banned',
      'We run FastNetMon 1.1.2 and hosts above the threshold are not banned any more.',
    );
    expect(ack.subject).toMatch(/^Re: \[FNM-\d+\] Hosts not banned$/);
    expect((await caseRecord(d, caseId, 'waiting')).status).toBe('waiting');
    const casesBefore = await caseCount();
    const followUpId = await send({
      subject: ack.subject ?? '',
      text: 'We upgraded to FastNetMon 1.2.8 and the hosts are still not banned.',
      inReplyTo: ack.messageId ?? '',
      references: [ack.messageId ?? ''],
    });
    const reply = await autoReplyFrom(d.addresses.mailbox.fastnetmon, d.addresses.customer, followUpId);
    expect(reply.subject).toBe(`Re: [${caseId}] Hosts not banned`);
    expect(bodyOf(reply)).toContain(`We have added it to case ${caseId}`);
    const record = await caseRecord(d, caseId, 'in-progress');
    expect(record.status).toBe('in-progress');
    const pauses = JSON.parse(record.pauses ?? '[]') as { from: string; to?: string }[];
    expect(pauses).toHaveLength(1);
    expect(pauses[0]?.to).toBeDefined(); // resolution clocks run again
    expect(await caseCount()).toBe(casesBefore);
    const events = (await historyOf(d, caseId)).map((h) => `${h.event}: ${h.detail}`);
    expect(events).toContain('status: waiting → in-progress (customer replied)');
    expect(events.filter((e) => e.startsWith('customer-follow-up:'))).toHaveLength(1);
  });

  it('an out-of-office auto-reply to our ack (Auto-Submitted: auto-replied) → no answer', async () => {
    const messageId = await send({
      subject: `Automatic reply: ${base.subject}`,
      text: 'I am out of the office until Monday 16 June with limited access to e-mail.',
      inReplyTo: base.ackId,
      references: [base.ackId],
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    await expectIgnored(d, d.addresses.customer, messageId, /^Auto-Submitted: auto-replied$/);
    // A robot's words never go into a case: the mail log has it, the history does not.
    const history = (await historyOf(d, base.caseId)).map((h) => `${h.event}: ${h.detail}`);
    expect(history.filter((e) => e.includes('out of the office') || e.includes('Auto-Submitted'))).toEqual(
      [],
    );
    expect(history.map((e) => e.split(':')[0])).not.toContain('customer-follow-up');
  });

  it('a bounce (multipart/report; report-type=delivery-status) → no answer', async () => {
    const messageId = `<bounce-report-${d.id}@mx.example.test>`;
    const boundary = `report-${d.id}`;
    await sendRaw({ from: d.addresses.stranger, to: d.addresses.mailbox.fastnetmon }, [
      `From: Mail Delivery System <${d.addresses.stranger}>`,
      `To: ${d.addresses.mailbox.fastnetmon}`,
      'Subject: Undelivered Mail Returned to Sender',
      `Message-ID: ${messageId}`,
      'Date: Tue, 10 Jun 2025 09:10:00 +0000',
      'MIME-Version: 1.0',
      `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
      '',
      `--${boundary}`,
      'Content-Type: text/plain; charset=us-ascii',
      '',
      'This is the mail system at host mx.example.test.',
      "I'm sorry to have to inform you that your message could not be delivered.",
      '',
      '<nobody@example.test>: host said: 550 5.1.1 User unknown',
      '',
      `--${boundary}`,
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.test',
      '',
      'Final-Recipient: rfc822; nobody@example.test',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
      '',
      `--${boundary}`,
      'Content-Type: text/rfc822-headers',
      '',
      `From: ${d.addresses.mailbox.fastnetmon}`,
      'To: nobody@example.test',
      `Subject: ${base.subject}`,
      `Message-ID: ${base.ackId}`,
      '',
      `--${boundary}--`,
      '',
    ]);
    await expectIgnored(d, d.addresses.stranger, messageId, /^delivery status report \(bounce\)$/);
  });

  it('a bounce that is just From: MAILER-DAEMON (plain text) → no answer', async () => {
    const messageId = await send({
      from: `Mail Delivery Subsystem <MAILER-DAEMON@example.test>`,
      subject: 'Returned mail: see transcript for details',
      text: 'The original message was received at Tue, 10 Jun 2025 10:09:58 +0100.\n\n----- The following addresses had permanent fatal errors -----\n<nobody@example.test>\n    (reason: 550 5.1.1 User unknown)',
    });
    await expectIgnored(d, mailerDaemon, messageId, /^robot sender mailer-daemon@example\.test$/);
  });

  // mailparser turns Return-Path: <> into an empty address object; parse-mail reads the raw line.
  it('a bounce with a null envelope sender (Return-Path: <>) from an ordinary address → no answer', async () => {
    const messageId = `<null-sender-${d.id}@mx.example.test>`;
    await sendRaw({ from: false, to: d.addresses.mailbox.fastnetmon }, [
      `From: Postmaster <${d.addresses.stranger}>`,
      `To: ${d.addresses.mailbox.fastnetmon}`,
      'Subject: Delivery Status Notification (Failure)',
      `Message-ID: ${messageId}`,
      'Date: Tue, 10 Jun 2025 09:12:00 +0000',
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      'Delivery to the following recipient failed permanently: nobody@example.test',
      '',
    ]);
    await expectIgnored(d, d.addresses.stranger, messageId, /^empty Return-Path \(bounce\)$/);
  });

  it('a mail with Precedence: bulk → no answer', async () => {
    const messageId = await send({
      subject: 'Network Operations weekly digest',
      text: 'This week: 3 maintenance windows, 1 fcli upgrade scheduled. You receive this because you are on the noc-all list.',
      headers: { Precedence: 'bulk' },
    });
    await expectIgnored(d, d.addresses.customer, messageId, /^Precedence: bulk$/);
  });

  it('a mail carrying our own X-Loop: support-intake → no answer', async () => {
    // Our own ack, forwarded back by a customer-side rule: it still carries our X-Loop header.
    const messageId = await send({
      subject: `Fwd: ${base.subject}`,
      text: `Forwarded message: Thank you for contacting FastNetMon Advanced support. We have registered your request as case ${base.caseId}.`,
      headers: { 'X-Loop': 'support-intake' },
    });
    await expectIgnored(d, d.addresses.customer, messageId, /^our own X-Loop header \(mail loop\)$/);
    const history = (await historyOf(d, base.caseId)).map((h) => `${h.event}: ${h.detail}`);
    expect(history.filter((e) => e.includes('Forwarded message') || e.includes('X-Loop'))).toEqual([]);
  });
});
