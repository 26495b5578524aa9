import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFolder, submitMail, waitForMail } from '../helpers/local-stack.js';
import { caseIdIn, caseRecord, historyOf, replyTo, sleep } from '../helpers/scenario-assertions.js';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon.js';

// An engineer answers the new-case notice from Outlook, which quotes it below a From:/Sent:
// block without any `>`: only what the engineer wrote above that block is a command or goes to
// the customer. Everyone sends through submission (authenticated), the genuine path.

const ANSWER = 'Hi Casey,\n\nPlease upgrade fcli to 1.2.8; the crash is fixed there.';
const SECOND = 'Hej Casey,\n\nVi har set på loggen; opgraderingen løser det.';

/** How Outlook for Windows lays out a reply in its text part. */
const outlookReply = (top: string, quoted: { from: string; to: string; subject: string; text: string }) =>
  `${top}\n\nFrom: FastNetMon support <${quoted.from}>\nSent: Tuesday, November 24, 2026 10:00 AM\nTo: Erin Engineer <${quoted.to}>\nSubject: ${quoted.subject}\n\n${quoted.text}`;

/** Danish Outlook, quoting a notice of an earlier release that listed its hints at line start. */
const danishOutlookReply = (top: string, quoted: { from: string; to: string; subject: string }) =>
  `${top}\n\nFra: FastNetMon support <${quoted.from}>\nSendt: 24. november 2026 10:00\nTil: Erin Engineer <${quoted.to}>\nEmne: ${quoted.subject}\n\nReply to this mail to answer the customer.\nCommand lines in your reply are applied and removed before sending:\n  #status waiting|in-progress|resolved|closed\n  #escalate\n  #resolve\n`;

describe('an Outlook reply quoting the new-case notice', () => {
  let d: TestDaemon;
  beforeAll(async () => {
    d = await startTestDaemon();
  });
  afterAll(async () => {
    await d.dispose();
  });

  it('applies only the commands above the quote and relays only the answer', async () => {
    const mailbox = d.addresses.mailbox.fastnetmon;
    const customerId = await submitMail({
      from: d.addresses.customer,
      to: mailbox,
      subject: 'fcli crashes on start',
      // Command lines from a customer are quoted into the notice: they must stay inert there too.
      text: 'fcli crashes on start since the upgrade.\n#resolve\n#escalate\n',
    });
    const ack = await replyTo(d.addresses.customer, customerId);
    const caseId = caseIdIn('FNM', ack.subject);
    const [notice] = await waitForMail(d.addresses.engineer, (m) =>
      (m.subject ?? '').includes(`[${caseId}]`),
    );
    if (!notice) throw new Error('no notice');
    const noticeText = notice.text ?? '';
    const levelAtStart = (await caseRecord(d, caseId, 'acknowledged')).level;
    expect(noticeText).toContain('#escalate');
    expect(noticeText).not.toMatch(/^\s*#[a-z]/im);

    const quoted = { from: mailbox, to: d.addresses.engineer, subject: notice.subject ?? '' };
    await submitMail({
      from: d.addresses.engineer,
      to: mailbox,
      subject: `RE: ${notice.subject}`,
      inReplyTo: notice.messageId,
      text: outlookReply(`${ANSWER}\n\n#status waiting\n\nBest regards\nErin`, {
        ...quoted,
        text: noticeText,
      }),
    });
    const [first] = await waitForMail(d.addresses.customer, (m) => (m.text ?? '').includes('Please upgrade'));
    expect((await caseRecord(d, caseId, 'waiting')).status).toBe('waiting');

    await submitMail({
      from: d.addresses.engineer,
      to: mailbox,
      subject: `SV: ${notice.subject}`,
      inReplyTo: notice.messageId,
      text: danishOutlookReply(`${SECOND}\n\nMed venlig hilsen\nErin`, quoted),
    });
    const [second] = await waitForMail(d.addresses.customer, (m) => (m.text ?? '').includes('Vi har set'));
    const record = await caseRecord(d, caseId, 'in-progress');
    expect(record.status).toBe('in-progress');

    // What the customer got: the answers, the footer, nothing of the notice.
    const relayed = [first, second].map((m) => m?.text ?? '');
    expect(relayed[0]?.startsWith(ANSWER)).toBe(true);
    expect(relayed[1]?.startsWith(`${SECOND}\n\nMed venlig hilsen\nErin`)).toBe(true);
    for (const text of relayed) {
      expect(text).not.toMatch(/New case|The customer wrote|Reply to this mail to answer|From:|Fra:|#/);
    }

    // No quoted command took effect: not escalated, not resolved, no resolution met.
    await sleep(1_000);
    const events = (await historyOf(d, caseId)).map((h) => h.event);
    expect(events.filter((e) => e === 'engineer-answer')).toHaveLength(2);
    expect(events).not.toContain('escalated');
    expect(events).not.toContain('unknown-command');
    expect(record['met.resolution1']).toBeUndefined();
    expect(record.level).toBe(levelAtStart);
    // Nothing bounced back to the engineer as an unknown command; no escalation alert to ops.
    const engineerInbox = await readFolder(d.addresses.engineer);
    expect(engineerInbox.filter((m) => (m.text ?? '').includes('not recognise'))).toEqual([]);
    const opsInbox = await readFolder(d.addresses.ops);
    expect(opsInbox.filter((m) => /escalat/i.test(`${m.subject} ${m.text}`))).toEqual([]);
  }, 60_000);
});
