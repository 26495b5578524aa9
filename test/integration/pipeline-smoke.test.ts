import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendMail } from '../helpers/local-stack.js';
import { replyTo } from '../helpers/scenario-assertions.js';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon.js';

describe('pipeline smoke', () => {
  let d: TestDaemon;
  beforeAll(async () => {
    d = await startTestDaemon();
  });
  afterAll(async () => {
    await d.dispose();
  });

  it('acknowledges a FastNetMon bug report with a case tag', async () => {
    const messageId = await sendMail({
      from: d.addresses.customer,
      to: d.addresses.mailbox.fastnetmon,
      subject: 'fcli crashes when listing hostgroups',
      text: 'Hello,\n\nfcli show hostgroups segfaults on FastNetMon Advanced 1.2.8.\n\nThanks, Casey',
    });
    const ack = await replyTo(d.addresses.customer, messageId);
    expect(ack.subject).toMatch(/^Re: \[FNM-\d+\] fcli crashes/);
    const caseId = /\[(FNM-\d+)\]/.exec(ack.subject ?? '')?.[1];
    expect(ack.text).toContain(`registered your request as case ${caseId}`);
    expect(ack.text).toContain('within 12 business hours');
  });
});
