import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { dkimSign } from 'mailauth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendMail, readFolder, STACK, uniqueId, waitForMail } from '../helpers/local-stack.js';
import { openNetopCase } from '../helpers/open-netop-case.js';
import { historyOf, sleep } from '../helpers/scenario-assertions.js';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon.js';

// When the MX's OpenDKIM is down, Postfix (default_action=accept) delivers mail with no DKIM
// result, and OpenDMARC, judging without one, writes dmarc=fail. Such a mail is put here
// straight into the mailbox, signed with the stack's real key for example.test; the test
// daemon (trust.verifyWithoutVerdict) must verify it itself against the stack's DNS.

/** An engineer's answer as the MX delivers it while its DKIM filter is down. */
async function deliveredWithoutDkimVerdict(o: {
  from: string;
  to: string;
  subject: string;
  inReplyTo: string;
  text: string;
  tamper?: (signed: string) => string;
}): Promise<Buffer> {
  const privateKey = await readFile(join(STACK.dir, 'dkim', 'keys', 'example.test.private'), 'utf8');
  const body = [
    `From: ${o.from}`,
    `To: ${o.to}`,
    `Subject: ${o.subject}`,
    `Message-ID: <verdictless-${uniqueId()}@example.test>`,
    `In-Reply-To: ${o.inReplyTo}`,
    `References: ${o.inReplyTo}`,
    `Date: ${new Date().toUTCString()}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    o.text,
    '',
  ].join('\r\n');
  const key = { signingDomain: 'example.test', selector: STACK.dkimSelector, privateKey };
  const signed = await dkimSign(body, { ...key, canonicalization: 'relaxed/relaxed', signatureData: [key] });
  const mail = `${signed.signatures.trimEnd()}\r\n${body}`;
  // From a client SPF does not allow (the stack's SPF allows only its submission relay), so
  // only the DKIM signature can authenticate the mail.
  const boundary = `Received: from relay.elsewhere.test (unknown [127.0.0.1])\r\n\tby ${STACK.authservId} (Postfix) with ESMTP id V3RD1CT\r\n\tfor <${o.to}>; ${new Date().toUTCString()}`;
  const results = `Authentication-Results: ${STACK.authservId}; dmarc=fail (p=reject dis=none) header.from=example.test`;
  return Buffer.from(
    `Return-Path: <${o.from}>\r\n${results}\r\n${boundary}\r\n${(o.tamper ?? ((s) => s))(mail)}`,
  );
}

describe('a mail our MX let through without a DKIM verdict (trust.verifyWithoutVerdict)', () => {
  let d: TestDaemon;
  beforeAll(async () => {
    d = await startTestDaemon();
  });
  afterAll(async () => {
    await d.dispose();
  });

  it('relays the signed engineer answer after verifying it here, and not a tampered copy', async () => {
    const { caseId, notice, noticeId, mailbox } = await openNetopCase(
      d,
      'Gateway drops calls',
      'The gateway drops calls after the upgrade.',
    );
    const answer = {
      from: d.addresses.engineer,
      to: mailbox,
      subject: `Re: ${notice.subject}`,
      inReplyTo: noticeId,
    };

    await appendMail(
      mailbox,
      await deliveredWithoutDkimVerdict({
        ...answer,
        text: 'Send the money to account 1234 (tampered).',
        tamper: (s) => s.replace('(tampered)', '(tampered after signing)'),
      }),
    );
    await appendMail(
      mailbox,
      await deliveredWithoutDkimVerdict({ ...answer, text: 'Roll back to 4.2 for now (verified here).' }),
    );

    await waitForMail(d.addresses.customer, (m) => (m.text ?? '').includes('(verified here)'));
    await sleep(1000);
    const customerMail = await readFolder(d.addresses.customer);
    expect(customerMail.filter((m) => (m.text ?? '').includes('(verified here)'))).toHaveLength(1);
    expect(customerMail.filter((m) => (m.text ?? '').includes('tampered'))).toEqual([]);
    const history = await historyOf(d, caseId);
    expect(history.map((e) => e.event)).toContain('engineer-answer');
  });
});
