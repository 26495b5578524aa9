import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMailboxes, waitForMail } from '../helpers/local-stack.js';
import {
  addressesOf,
  bodyOf,
  caseIdIn,
  expectAcknowledgedCase,
  expectNoCase,
  headerOf,
  historyOf,
  opsAlert,
  policyMail,
  referencesOf,
  tickingClockFrom,
} from '../helpers/scenario-assertions.js';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon.js';

// Netop (config/policies/netop.yaml) end to end on the real stack: one daemon, one mail per decision
// path, each reply found by In-Reply-To. The daemon's clock runs from Tuesday 10 June 2025
// 11:05 Copenhagen (CEST), inside the Mon–Fri 08–16 business calendar.

const PREFIX = 'NETOP';
const clock = tickingClockFrom('2025-06-10T09:05:00Z');

describe('Netop scenarios on the real stack', () => {
  let d: TestDaemon;
  let unregistered = '';
  beforeAll(async () => {
    d = await startTestDaemon({ now: clock });
    // A second address nobody registered, so the "no key" test does not depend on the stranger
    // becoming a learned contact in the "known key" test.
    unregistered = `unregistered-${d.id}@example.test`;
    await addMailboxes(unregistered);
  });
  afterAll(async () => {
    await d?.dispose();
  });

  const { send, replyFor: ackTo } = policyMail(() => d, 'netop');
  /** An accepted Netop case: severity, status, history, and first response met by the ack. */
  const expectNetopCase = async (caseId: string, severity: string) => {
    const record = await expectAcknowledgedCase(d, caseId, { severity, planId: 'standard' });
    expect(record['met.firstResponse']).toBeTruthy(); // "a case id is considered as a valid response"
    return record;
  };

  it('production down → Critical ack with phone follow-up and "Hot fix", 5/20 business-day targets', async () => {
    const messageId = await send(
      'Host crashes on all terminals',
      'In our production environment the Netop Host service crashes on all 40 terminals every hour since Monday.',
    );
    const reply = await ackTo(d.addresses.customer, messageId);
    expect(reply.subject).toMatch(/^Re: \[NETOP-\d+\] Host crashes on all terminals$/);
    const caseId = caseIdIn(PREFIX, reply.subject);
    const body = bodyOf(reply);
    expect(body).toContain(`Your case ID is ${caseId}, severity Critical.`);
    expect(body).toContain('Release plan for this severity: Hot fix.');
    expect(body).toContain(
      `As this is a Critical case, please follow it up with a phone call to first-level support on +45 0000 0000, quoting case ${caseId}.`,
    );
    // Tue 11:05 Copenhagen; business days are Mon–Fri 08–16.
    expect(body).toMatch(
      /first-level resolution: within 5 business days, by Tuesday 17 June 2025, 11:0\d CEST/,
    );
    expect(body).toMatch(
      /second-level resolution: within 20 business days, by Tuesday 8 July 2025, 11:0\d CEST/,
    );
    expect(body).not.toContain('forwarded to');
    await expectNetopCase(caseId, 'critical');
  });

  it('lab issue → High, "Hot fix or next release", no phone line', async () => {
    const messageId = await send(
      'Deployment fails in lab',
      'While testing version 12.8 in our lab environment the silent installer stops with error 1603.',
    );
    const reply = await ackTo(d.addresses.customer, messageId);
    expect(reply.subject).toMatch(/^Re: \[NETOP-\d+\] Deployment fails in lab$/);
    const caseId = caseIdIn(PREFIX, reply.subject);
    const body = bodyOf(reply);
    expect(body).toContain(`Your case ID is ${caseId}, severity High.`);
    expect(body).toContain('Release plan for this severity: Hot fix or next release.');
    expect(body).toMatch(/first-level resolution: within 10 business days, by Tuesday 24 June 2025/);
    expect(body).not.toMatch(/phone/i);
    await expectNetopCase(caseId, 'high');
  });

  it('a question → Medium, "Future release", no phone line', async () => {
    const messageId = await send(
      'Question about logging',
      'How do I enable the extended log for the Netop Host? We want to keep it for 30 days.',
    );
    const reply = await ackTo(d.addresses.customer, messageId);
    expect(reply.subject).toMatch(/^Re: \[NETOP-\d+\] Question about logging$/);
    const caseId = caseIdIn(PREFIX, reply.subject);
    const body = bodyOf(reply);
    expect(body).toContain(`Your case ID is ${caseId}, severity Medium.`);
    expect(body).toContain('Release plan for this severity: Future release.');
    expect(body).not.toMatch(/phone/i);
    await expectNetopCase(caseId, 'medium');
  });

  it('lab issue with a workaround → one level down to Medium', async () => {
    const messageId = await send(
      'Deployment fails in lab',
      'In the lab the silent installer stops with error 1603; installing by hand works around it for now (workaround).',
    );
    const reply = await ackTo(d.addresses.customer, messageId);
    const caseId = caseIdIn(PREFIX, reply.subject);
    const body = bodyOf(reply);
    expect(body).toContain(`Your case ID is ${caseId}, severity Medium.`);
    expect(body).toContain('Release plan for this severity: Future release.');
    await expectNetopCase(caseId, 'medium');
  });

  it('"[Critical]" in the subject wins over a lab-only body', async () => {
    const messageId = await send('[Critical] Guest black screen', 'Only seen in our lab so far.');
    const reply = await ackTo(d.addresses.customer, messageId);
    expect(reply.subject).toMatch(/^Re: \[NETOP-\d+\] \[Critical\] Guest black screen$/);
    const caseId = caseIdIn(PREFIX, reply.subject);
    const body = bodyOf(reply);
    expect(body).toContain(`Your case ID is ${caseId}, severity Critical.`);
    expect(body).toContain('Release plan for this severity: Hot fix.');
    expect(body).toContain('please follow it up with a phone call to first-level support on +45 0000 0000');
    const record = await expectNetopCase(caseId, 'critical');
    expect(record.decision).toContain('subject says');
  });

  it("bob (bought through the reseller) → ack to bob with the reseller's phone, and the case forwarded to the reseller", async () => {
    const subject = 'Guests cannot connect';
    const text =
      'Since this morning the Netop Host on our production servers refuses every Guest: "connect() failed <errno 111>" & no session starts.';
    const messageId = await send(subject, text, d.addresses.bob);
    const reply = await ackTo(d.addresses.bob, messageId);
    expect(reply.subject).toMatch(/^Re: \[NETOP-\d+\] Guests cannot connect$/);
    const caseId = caseIdIn(PREFIX, reply.subject);
    const body = bodyOf(reply);
    expect(body).toContain('Hello Bob Builder,');
    expect(body).toContain(`Your case ID is ${caseId}, severity Critical.`);
    // First level is the reseller: their number, not the policy's placeholder.
    expect(body).toContain('phone call to first-level support on +45 70 20 30 40');
    expect(body).not.toContain('+45 0000 0000');
    expect(body).toContain(
      'Your case has been forwarded to Partner ApS, the partner you bought from, who provides first-level support.',
    );

    const [forward] = await waitForMail(
      d.addresses.reseller,
      (m) => referencesOf(m).includes(messageId) && (m.subject ?? '').includes(caseId),
    );
    if (!forward) throw new Error('no reseller forward');
    expect(forward.subject).toBe(`[${caseId}] ${subject}`);
    expect(addressesOf(forward.from)).toEqual([d.addresses.mailbox.netop]);
    expect(addressesOf(forward.to)).toEqual([d.addresses.reseller]);
    expect(addressesOf(forward.replyTo)).toEqual([d.addresses.mailbox.netop]);
    expect(headerOf(forward, 'x-loop')).toBe('support-intake');
    const forwardBody = bodyOf(forward);
    expect(forwardBody).toContain('Hello Partner ApS,');
    expect(forwardBody).toContain(`Case: ${caseId}`);
    expect(forwardBody).toContain('Severity: Critical');
    expect(forwardBody).toContain('Release plan: Hot fix');
    expect(forwardBody).toContain('> Since this morning the Netop Host');
    // The quoted customer text is escaped in the HTML part.
    const html = String(forward.html);
    expect(html).toContain('&quot;connect() failed &lt;errno 111&gt;&quot; &amp; no session starts.');
    expect(html).not.toContain('<errno 111>');

    const record = await expectNetopCase(caseId, 'critical');
    expect(record.accountId).toBe('bobs-netop');
  });

  it('unknown sender without a licence key → registerLicence reply, no case', async () => {
    const messageId = await send('Help', 'Our Netop Guest cannot connect, please help.', unregistered);
    const reply = await ackTo(unregistered, messageId);
    expect(reply.subject).toBe('Re: Help');
    expect(reply.subject).not.toMatch(/\[NETOP-\d+\]/);
    const body = bodyOf(reply);
    expect(body).toContain(
      `we could not match ${unregistered} to a registered licence. We have therefore not opened a case.`,
    );
    expect(body).toContain(
      'Please register your Netop software, or reply to this e-mail quoting your licence key.',
    );
    await expectNoCase(d, messageId, 'registerLicence');
  });

  it('unknown sender quoting the known licence key NTP1-ACME-7788-2026 → ack, case on that account, contact recorded', async () => {
    const messageId = await send(
      'Host will not start',
      'Hello, I am the new administrator.\nOur licence key is NTP1-ACME-7788-2026.\nThe Host will not start in production.',
      `Mette Jensen <${d.addresses.stranger}>`,
    );
    const reply = await ackTo(d.addresses.stranger, messageId);
    expect(reply.subject).toMatch(/^Re: \[NETOP-\d+\] Host will not start$/);
    const caseId = caseIdIn(PREFIX, reply.subject);
    const body = bodyOf(reply);
    expect(body).toContain('Hello Mette Jensen,');
    expect(body).toContain(`Your case ID is ${caseId}, severity Critical.`);
    const record = await expectNetopCase(caseId, 'critical');
    expect(record.accountId).toBe('acme-netop');
    expect(await d.redis.hget(`{${d.prefix}}:learned-contacts`, `netop|${d.addresses.stranger}`)).toBe(
      'acme-netop',
    );
    expect((await historyOf(d, caseId)).map((h) => h.event)).toContain('contact-recorded');
    const [alert] = await opsAlert(d, messageId, 'newContactByLicence');
    expect(alert?.subject).toBe(`[${caseId}] ops: newContactByLicence — Netop`);
  });
});
