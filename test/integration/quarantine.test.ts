import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFolder, retryingTemporary, STACK, sendMail, waitForMail } from '../helpers/local-stack.js';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon.js';

describe('bad mail is quarantined with a reason and an ops alert, and intake goes on', () => {
  let d: TestDaemon;
  beforeAll(async () => {
    d = await startTestDaemon({ maxMessageBytes: 20_000 });
  });
  afterAll(async () => {
    await d.dispose();
  });

  const mailLog = async (): Promise<{ outcome: string; reason: string; uid: number }[]> =>
    (await d.mailLog()).map((e) => ({ outcome: e.outcome, reason: e.reason, uid: Number(e.detail?.uid) }));

  it('moves an oversized mail to Quarantine, records why, alerts ops, and keeps answering others', async () => {
    await sendMail({
      from: d.addresses.customer,
      to: d.addresses.mailbox.perfana,
      subject: 'Full heap dump attached',
      text: `Heap dump below.\n${'0123456789abcdef'.repeat(3000)}`,
    });
    const [quarantined] = await waitForMail(
      d.addresses.mailbox.perfana,
      (m) => m.subject === 'Full heap dump attached',
      {
        folder: 'Quarantine',
      },
    );
    expect(quarantined).toBeDefined();
    const [alert] = await waitForMail(d.addresses.ops, (m) => (m.subject ?? '').startsWith('[quarantine]'));
    expect(alert?.subject).toMatch(/exceeds the 20000-byte limit/);
    expect((await mailLog()).some((e) => e.outcome === 'quarantined' && /exceeds/.test(e.reason))).toBe(true);
    expect(await readFolder(d.addresses.mailbox.perfana, 'INBOX')).toHaveLength(0);

    const messageId = await sendMail({
      from: d.addresses.customer,
      to: d.addresses.mailbox.perfana,
      subject: 'Dashboard empty',
      text: 'The dashboard shows no test runs since this morning; production tests are affected.',
    });
    await waitForMail(d.addresses.customer, (m) => m.inReplyTo === messageId);
  });

  it('quarantines a mail whose sender cannot be read', async () => {
    const transport = nodemailer.createTransport({ ...STACK.smtp, secure: false, ignoreTLS: true });
    await retryingTemporary(() =>
      transport.sendMail({
        envelope: { from: d.addresses.stranger, to: [d.addresses.mailbox.netop] },
        raw: [
          'From: "Undisclosed" <>',
          `To: ${d.addresses.mailbox.netop}`,
          'Subject: no usable sender',
          `Message-ID: <nosender-${d.id}@example.test>`,
          '',
          'Who sent this?',
          '',
        ].join('\r\n'),
      }),
    );
    const [quarantined] = await waitForMail(
      d.addresses.mailbox.netop,
      (m) => m.subject === 'no usable sender',
      {
        folder: 'Quarantine',
      },
    );
    expect(quarantined).toBeDefined();
    await waitForMail(d.addresses.ops, (m) =>
      /\[quarantine\].*no valid sender address/.test(m.subject ?? ''),
    );
    expect(
      (await mailLog()).some((e) => e.outcome === 'quarantined' && /no valid sender/.test(e.reason)),
    ).toBe(true);
  });
});
