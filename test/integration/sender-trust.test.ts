import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendMail, deliverToMx, readFolder, submitMail, waitForMail } from '../helpers/local-stack.js';
import { openNetopCase } from '../helpers/open-netop-case.js';
import {
  caseIdIn,
  caseRecord,
  historyOf,
  londonMonth,
  mailLogEntry,
  referencesOf,
  replyTo,
  sleep,
} from '../helpers/scenario-assertions.js';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon.js';

// Who is speaking, on the real stack: the stack's users send through submission (DKIM-signed,
// the MX writes dmarc=pass), forgers deliver to the MX with someone else's From.

const customerMailsMentioning = async (d: TestDaemon, words: string): Promise<ParsedMail[]> =>
  (await readFolder(d.addresses.customer)).filter((m) => (m.text ?? '').includes(words));

describe('sender trust with the MX verdicts (trust.mode authservIds)', () => {
  let d: TestDaemon;
  beforeAll(async () => {
    d = await startTestDaemon();
  });
  afterAll(async () => {
    await d.dispose();
  });

  it('forged engineer replies are not relayed and apply no command; the genuine one is', async () => {
    const c = await openNetopCase(
      d,
      'Remote sessions drop',
      'Sessions to the lab hosts drop after a minute.',
    );
    const historyBefore = await historyOf(d, c.caseId);
    const base = {
      to: c.mailbox,
      subject: `Re: ${c.notice.subject}`,
      inReplyTo: c.noticeId,
      references: [c.noticeId],
    };
    const forgeries = [
      // A verdict the forger wrote into the mail (the MX also strips its own authserv-id).
      {
        ...base,
        from: d.addresses.engineer,
        text: 'Please wire the fee to account 1234 (forgery A).\n#resolve',
        headers: {
          'Authentication-Results': 'mx.example.test; dmarc=pass header.from=example.test',
          Received:
            'from mx.example.test (localhost [127.0.0.1]) by mx.example.test (Postfix) with ESMTP id F1',
        },
      },
      // The engineer's From with another domain's envelope: DMARC fails for example.test.
      {
        ...base,
        from: d.addresses.engineer,
        envelope: { from: d.addresses.reseller, to: c.mailbox },
        text: 'Your licence is revoked, log in at evil.example (forgery B).\n#status closed',
      },
    ];
    for (const forged of forgeries) await deliverToMx(forged);
    // Two From mailboxes: DMARC cannot say which one wrote it.
    await deliverToMx({
      ...base,
      from: `${d.addresses.engineer}, ${d.addresses.customer}`,
      envelope: { from: d.addresses.engineer, to: c.mailbox },
      text: 'Download the fix from evil.example (forgery C).\n#escalate',
    });

    // The genuine engineer answers through submission afterwards; once it is relayed the
    // forgeries (delivered first) have long been processed.
    await submitMail({
      ...base,
      from: d.addresses.engineer,
      text: 'Please update the Host to 12.80 (genuine).',
    });
    const [answer] = await waitForMail(d.addresses.customer, (m) => (m.text ?? '').includes('(genuine)'));
    // The relayed answer reads the policy's variables like every other mail.
    expect(answer?.text).toContain(`Netop support · case ${c.caseId}`);
    for (const mark of ['forgery A', 'forgery B', 'forgery C']) {
      expect(await customerMailsMentioning(d, mark)).toEqual([]);
    }
    const record = await caseRecord(d, c.caseId, 'in-progress');
    expect(record.status).not.toMatch(/resolved|closed/);
    expect(record.level ?? '').not.toBe('2');
    const history = await historyOf(d, c.caseId);
    const added = history.slice(historyBefore.length).map((h) => `${h.event}: ${h.detail}`);
    expect(added.join('\n')).not.toMatch(/forgery|resolve|closed|escalat/i);
    expect(added.some((e) => e.startsWith('engineer-answer'))).toBe(true);
  });

  it('ten forged mails in the customer’s name spend no quota and earn no promise; the customer is served', async () => {
    const mailbox = d.addresses.mailbox.fastnetmon;
    const month = londonMonth(new Date());
    const reserved = () =>
      d.db
        .selectFrom('quota_reservations')
        .select('message_id')
        .where('policy', '=', 'fastnetmon')
        .where('account_id', '=', 'acme-fastnetmon')
        .where('month', '=', month)
        .execute();
    const forged: string[] = [];
    for (let i = 0; i < 10; i++) {
      forged.push(
        await deliverToMx({
          from: d.addresses.customer,
          to: mailbox,
          subject: `fcli crash ${i}`,
          text: `fcli crashes on "set hostgroup ${i}" (forged).`,
        }),
      );
    }
    const forgedAcks = await Promise.all(forged.map((id) => replyTo(d.addresses.customer, id)));
    for (const ack of forgedAcks) {
      expect(ack.text).toContain('We could not confirm that this message was sent by');
      expect(ack.text).not.toContain('We aim to give you initial feedback');
    }
    expect(await reserved()).toEqual([]);

    const genuine = await submitMail({
      from: d.addresses.customer,
      to: mailbox,
      subject: 'fcli crash (genuine)',
      text: 'fcli crashes on "set hostgroup core".',
    });
    const ack = await replyTo(d.addresses.customer, genuine);
    expect(ack.subject).toMatch(/\[FNM-\d+\]/);
    expect(ack.text).toContain('We aim to give you initial feedback');
    expect(ack.text).not.toContain('could not confirm');
    expect((await reserved()).map((r) => r.message_id)).toEqual([genuine]);
  });

  it('a forged follow-up changes nothing and gets no answer; the team sees it marked unverified', async () => {
    const c = await openNetopCase(
      d,
      'Guest cannot connect',
      'Our Guest cannot connect to any Host since 09:00.',
    );
    const before = await caseRecord(d, c.caseId, 'acknowledged');
    const historyBefore = await historyOf(d, c.caseId);
    const forged = await deliverToMx({
      from: d.addresses.customer,
      to: c.mailbox,
      subject: `Re: [${c.caseId}] Guest cannot connect`,
      text: 'Solved, please close the case (forged follow-up).',
    });
    const [notice] = await waitForMail(
      d.addresses.engineer,
      (m) => (m.subject ?? '').includes(`[${c.caseId}]`) && referencesOf(m).includes(forged),
    );
    expect(notice?.text).toContain('SENDER NOT VERIFIED');
    expect(notice?.text).toContain('forged follow-up');
    expect((await mailLogEntry(d, forged))?.outcome).toBe('unverified-follow-up');
    await sleep(2000);
    const after = await caseRecord(d, c.caseId, 'acknowledged');
    expect(after.status).toBe(before.status);
    expect(after.lastCustomerText ?? '').not.toContain('forged');
    expect(await historyOf(d, c.caseId)).toEqual(historyBefore);
    expect((await readFolder(d.addresses.customer)).filter((m) => m.inReplyTo === forged)).toEqual([]);
  });

  it('a tag of another customer’s case in a subject neither joins nor leaks; crossed staff threads are refused', async () => {
    const c = await openNetopCase(d, 'Session recording fails', 'Session recordings stop after ten seconds.');
    const historyBefore = await historyOf(d, c.caseId);
    const bobs = await submitMail({
      from: d.addresses.bob,
      to: c.mailbox,
      subject: `Re: [${c.caseId}] Session recording fails`,
      text: 'We have the same problem with recordings (bob).',
    });
    const bobAck = await replyTo(d.addresses.bob, bobs);
    const bobCase = caseIdIn('NETOP', bobAck.subject);
    expect(bobCase).not.toBe(c.caseId);
    expect(bobAck.subject).not.toContain(c.caseId);
    expect(bobAck.text ?? '').not.toContain(c.caseId);
    expect(await historyOf(d, c.caseId)).toEqual(historyBefore);

    // An engineer answers the first case's notice but types the other case's tag.
    await submitMail({
      from: d.addresses.engineer,
      to: c.mailbox,
      subject: `Re: [${bobCase}] Session recording fails`,
      inReplyTo: c.noticeId,
      references: [c.noticeId],
      text: 'Please send us the recorder log (crossed).',
    });
    const [refused] = await waitForMail(d.addresses.engineer, (m) =>
      (m.subject ?? '').startsWith('Not sent:'),
    );
    expect(refused?.text).toContain(`It answers case [${c.caseId}]`);
    expect(refused?.text).toContain(`its subject names case [${bobCase}]`);
    expect(await customerMailsMentioning(d, '(crossed)')).toEqual([]);
    expect((await readFolder(d.addresses.bob)).filter((m) => (m.text ?? '').includes('(crossed)'))).toEqual(
      [],
    );
  });

  it('the same mail To + Cc two desks opens two cases; a Message-ID reused by another sender is not dropped', async () => {
    const messageId = `<two-desks-${d.id}@example.test>`;
    await submitMail({
      from: d.addresses.customer,
      to: d.addresses.mailbox.netop,
      cc: d.addresses.mailbox.fastnetmon,
      subject: 'Both products stopped after the upgrade',
      text: 'After the upgrade neither the remote control nor fcli works.',
      messageId,
    });
    const answers = await waitForMail(d.addresses.customer, (m) => m.inReplyTo === messageId, { count: 2 });
    const tags = answers.map((m) => /\[([A-Z]+)-\d+\]/.exec(m.subject ?? '')?.[1]).sort();
    expect(tags).toEqual(['FNM', 'NETOP']);

    // Bob's mail client reuses the same Message-ID: his request is his own case, not a "retry".
    // (Put straight into the mailbox: the stack's Dovecot, like large providers, drops a second
    // delivery of a Message-ID it has seen.)
    await appendMail(
      d.addresses.mailbox.netop,
      Buffer.from(
        `From: ${d.addresses.bob}\r\nTo: ${d.addresses.mailbox.netop}\r\nSubject: Host list empty\r\n` +
          `Message-ID: ${messageId}\r\nDate: ${new Date().toUTCString()}\r\n\r\nThe host list in the Guest is empty since this morning.\r\n`,
      ),
    );
    const [bobAck] = await waitForMail(d.addresses.bob, (m) => m.inReplyTo === messageId);
    const bobCase = caseIdIn('NETOP', bobAck?.subject);
    const customerCase = caseIdIn('NETOP', answers.find((m) => (m.subject ?? '').includes('NETOP'))?.subject);
    expect(bobCase).not.toBe(customerCase);
  });

  it('a service desk mail marked Auto-Submitted opens a case without an answer', async () => {
    const messageId = await submitMail({
      from: d.addresses.customer,
      to: d.addresses.mailbox.netop,
      subject: 'INC0042 production down: remote control unavailable',
      text: 'Production down: no Guest can reach any Host since 10:00. (ticket INC0042)',
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    const [notice] = await waitForMail(d.addresses.engineer, (m) => (m.subject ?? '').includes('INC0042'));
    expect(notice?.subject).toMatch(/^\[NETOP-\d+\]/);
    expect((await mailLogEntry(d, messageId))?.outcome).toBe('reply-suppressed');
    await sleep(1500);
    expect((await readFolder(d.addresses.customer)).filter((m) => m.inReplyTo === messageId)).toEqual([]);
  });
});

describe('reply budgets as shipped', () => {
  let d: TestDaemon;
  beforeAll(async () => {
    d = await startTestDaemon({ shippedReplyBudgets: true });
  });
  afterAll(async () => {
    await d.dispose();
  });

  it('six "Ticket received" mails carrying our tag, without automatic headers, get at most one answer', async () => {
    const c = await openNetopCase(d, 'Host service stops', 'The Host service stops every night at 02:00.');
    // The customer's own ticket system acknowledges our acknowledgement, and each of our answers.
    const theirs: string[] = [];
    for (let i = 0; i < 6; i++) {
      theirs.push(
        await submitMail({
          from: d.addresses.customer,
          to: c.mailbox,
          subject: `Ticket received: Re: [${c.caseId}] Host service stops (#${i})`,
          text: `Your message has been received by ACME IT as ticket ${1000 + i}.`,
        }),
      );
    }
    await waitForMail(d.addresses.engineer, (m) => (m.subject ?? '').includes('(#5)'));
    await sleep(2000);
    const answers = (await readFolder(d.addresses.customer)).filter((m) =>
      theirs.includes(m.inReplyTo ?? ''),
    );
    expect(answers.length).toBeLessThanOrEqual(1);
    const suppressed = await Promise.all(theirs.map((id) => mailLogEntry(d, id)));
    expect(suppressed.filter((e) => e?.outcome === 'reply-suppressed').length).toBeGreaterThanOrEqual(5);
  });
});

describe('sender trust checked by the daemon itself (trust.mode verify)', () => {
  let d: TestDaemon;
  beforeAll(async () => {
    d = await startTestDaemon({ trust: 'verify' });
  });
  afterAll(async () => {
    await d.dispose();
  });

  it('relays the DKIM-signed engineer answer and ignores a forged one', async () => {
    const c = await openNetopCase(d, 'Lab host unreachable', 'The lab host is unreachable since the update.');
    const base = { to: c.mailbox, subject: `Re: ${c.notice.subject}`, inReplyTo: c.noticeId };
    await deliverToMx({
      ...base,
      from: d.addresses.engineer,
      text: 'Reset your password at evil.example (forged).',
    });
    await submitMail({ ...base, from: d.addresses.engineer, text: 'Restart the Host service (verified).' });
    await waitForMail(d.addresses.customer, (m) => (m.text ?? '').includes('(verified)'));
    expect(await customerMailsMentioning(d, '(forged)')).toEqual([]);
  });

  it('verifies a large engineer answer read as a stream (twice: parse, then DKIM) and relays its file', async () => {
    const c = await openNetopCase(d, 'Trace needed', 'Please send the trace tool.');
    // 3 MB: above the size a poller fetches whole, so it is streamed from IMAP.
    const tool = Buffer.alloc(3 * 1024 * 1024, 'trace-tool ');
    await submitMail({
      to: c.mailbox,
      subject: `Re: ${c.notice.subject}`,
      inReplyTo: c.noticeId,
      from: d.addresses.engineer,
      text: 'Run the attached tool (large, verified).',
      attachments: [{ filename: 'trace-tool.bin', content: tool, contentType: 'application/octet-stream' }],
    });
    const [relayed] = await waitForMail(
      d.addresses.customer,
      (m) => (m.text ?? '').includes('(large, verified)'),
      {
        timeoutMs: 60_000,
      },
    );
    expect(relayed?.attachments.map((a) => [a.filename, a.size])).toEqual([['trace-tool.bin', tool.length]]);
  }, 90_000);
});
