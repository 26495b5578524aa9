import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendMail, submitMail, waitForMail } from '../helpers/local-stack.js';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon.js';

describe('an engineer answer with an attachment', () => {
  let d: TestDaemon;
  beforeAll(async () => {
    d = await startTestDaemon();
  });
  afterAll(async () => {
    await d.dispose();
  });

  it('reaches the customer with the attachment, byte for byte, in the case thread', async () => {
    const messageId = await sendMail({
      from: d.addresses.customer,
      to: d.addresses.mailbox.kolmisoft,
      subject: 'Rates import rejects our CSV',
      text: 'The rate import says "invalid header" for our supplier CSV. The system is degraded.',
    });
    const [ack] = await waitForMail(d.addresses.customer, (m) => m.inReplyTo === messageId);
    const caseId = /\[(KOLMI-\d+)\]/.exec(ack?.subject ?? '')?.[1] ?? '';
    expect(caseId).not.toBe('');

    const csv = Buffer.from('prefix;rate;connection_fee\n370;0.012;0\n44;0.009;0\n');
    await submitMail({
      from: d.addresses.engineer,
      to: d.addresses.mailbox.kolmisoft,
      subject: `Re: [${caseId}] Rates import rejects our CSV`,
      text: 'Hello Casey,\n\nThe importer wants semicolons and these three columns; a corrected file is attached.',
      attachments: [{ filename: 'rates-fixed.csv', content: csv, contentType: 'text/csv' }],
    });
    const [answer] = await waitForMail(
      d.addresses.customer,
      (m) => m.inReplyTo === messageId && (m.text ?? '').includes('corrected file is attached'),
    );
    expect(answer?.subject).toBe(`Re: [${caseId}] Rates import rejects our CSV`);
    expect(answer?.attachments.map((a) => a.filename)).toEqual(['rates-fixed.csv']);
    expect(answer?.attachments[0]?.content.equals(csv)).toBe(true);
  });
});
