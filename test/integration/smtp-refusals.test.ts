import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendMail, uniqueId, waitForMail } from '../helpers/local-stack.js';
import { bodyOf, caseIdIn, historyOf, sleep } from '../helpers/scenario-assertions.js';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon.js';

// The local Postfix refuses to relay outside its own domains with `554 Relay access denied`:
// a real permanent refusal at RCPT time, as a mistyped or made-up customer domain gets.
describe('SMTP refusals are permanent: recorded on the case, alerted once, never retried', () => {
  let d: TestDaemon;
  beforeAll(async () => {
    d = await startTestDaemon();
  });
  afterAll(async () => {
    await d.dispose();
  });

  it('gives up an acknowledgement the server refuses at the first attempt', async () => {
    const sender = `someone-${uniqueId()}@unrelayed.test`;
    await sendMail({
      from: sender,
      to: d.addresses.mailbox.kolmisoft,
      subject: 'Calls drop after 30 seconds',
      text: 'Hello, on our MOR X7 all calls to one provider drop after 30 seconds.',
    });
    const [alert] = await waitForMail(
      d.addresses.ops,
      (m) => (m.subject ?? '').startsWith('[mail not sent]'),
      {
        timeoutMs: 30_000,
      },
    );
    const caseId = caseIdIn('KOLMI', alert?.subject);
    const body = bodyOf(alert!);
    expect(body).toContain(`to ${sender}`);
    expect(body).toContain('given up after 1 attempt(s)');
    expect(body).toMatch(/554/);
    const failed = (await historyOf(d, caseId)).filter((h) => h.event === 'mail-failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]?.detail).toContain(sender);
    // The engineers still hear about the case: one refused recipient blocks nothing else.
    await waitForMail(d.addresses.engineer, (m) => (m.subject ?? '').includes(`[${caseId}]`));
    await sleep(3000);
    const alerts = await waitForMail(d.addresses.ops, (m) => (m.subject ?? '').startsWith('[mail not sent]'));
    expect(alerts).toHaveLength(1);
  });
});
