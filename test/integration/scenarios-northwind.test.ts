import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendMail } from '../helpers/local-stack.js';
import {
  autoReplyFrom,
  bodyOf,
  caseIdIn,
  expectAcknowledgedCase,
  expectNoCase,
  tickingClockFrom,
} from '../helpers/scenario-assertions.js';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon.js';

// Northwind Backup, the fifth policy, written from docs/policies.md alone: a plain business-hours
// vendor (Mon–Fri 09–17 Berlin, German public holidays). The daemon's clock runs from Friday
// 6 June 2025 16:00 Berlin (CEST); Monday 9 June is Whit Monday, so every answer skips it.

const PREFIX = 'NWB';
const clock = tickingClockFrom('2025-06-06T14:00:00Z');

describe('Northwind Backup (a vendor added without code) on the real stack', () => {
  let d: TestDaemon;
  let mailbox = '';
  beforeAll(async () => {
    d = await startTestDaemon({
      now: clock,
      // The shipped file as it is; the example directory already has its account.
      extraPolicy: {
        id: 'northwind',
        yaml: readFileSync('config/policies/northwind.yaml', 'utf8'),
        accountsYaml: '',
      },
    });
    mailbox = d.addresses.extraMailbox ?? '';
  });
  afterAll(async () => {
    await d?.dispose();
  });

  const send = (subject: string, text: string, from = d.addresses.customer) =>
    sendMail({ from, to: mailbox, subject, text });

  it('a question on Friday 16:00 → ack [NWB-n], 4 business hours: due Tuesday 12:00 after Whit Monday', async () => {
    const messageId = await send('Retention settings', 'How long are incremental backups kept by default?');
    const reply = await autoReplyFrom(mailbox, d.addresses.customer, messageId);
    expect(reply.subject).toMatch(/^Re: \[NWB-\d+\] Retention settings$/);
    const caseId = caseIdIn(PREFIX, reply.subject);
    const body = bodyOf(reply);
    expect(body).toContain(`We have registered your request as case ${caseId} with severity Normal.`);
    expect(body).toMatch(/by Tuesday 10 June 2025, 12:0\d CEST/);
    await expectAcknowledgedCase(d, caseId, { severity: 'normal', planId: 'subscription' });
  });

  it('a failing restore → Urgent, 1 business hour: due Tuesday 09:00 (Friday closes at 17:00)', async () => {
    const messageId = await send(
      'Restore failed',
      'Our nightly restore failed with error 42 on the production file server.',
    );
    const reply = await autoReplyFrom(mailbox, d.addresses.customer, messageId);
    const caseId = caseIdIn(PREFIX, reply.subject);
    expect(bodyOf(reply)).toMatch(/by Tuesday 10 June 2025, 09:0\d CEST/);
    await expectAcknowledgedCase(d, caseId, { severity: 'urgent', planId: 'subscription' });
  });

  it('a sender without a subscription → notEligible, no case', async () => {
    const messageId = await send(
      'Backup question',
      'Does Northwind back up PostgreSQL?',
      d.addresses.stranger,
    );
    const reply = await autoReplyFrom(mailbox, d.addresses.stranger, messageId);
    expect(reply.subject).toBe('Re: Backup question');
    await expectNoCase(d, messageId, 'decline');
  });

  it('a migration request → outOfScope with the documentation pointer, no case', async () => {
    const messageId = await send('New storage', 'Could you migrate our backups to the new storage array?');
    const reply = await autoReplyFrom(mailbox, d.addresses.customer, messageId);
    expect(reply.subject).toBe('Re: New storage');
    const body = bodyOf(reply);
    expect(body).toContain('Installation or migration services');
    expect(body).toContain('https://docs.northwind.example/backup');
    await expectNoCase(d, messageId, 'decline');
  });
});
