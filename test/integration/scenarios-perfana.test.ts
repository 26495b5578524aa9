import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bodyOf,
  caseIdIn,
  expectAcknowledgedCase,
  expectNoCase,
  policyMail,
  tickingClockFrom,
} from '../helpers/scenario-assertions.js';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon.js';

// Perfana (config/policies/perfana.yaml) end to end on the real stack: one daemon, one mail per
// decision path, each reply found by In-Reply-To. The daemon's clock runs from Saturday
// 14 June 2025 12:00 Amsterdam (CEST): inside Enterprise weekend coverage, outside office hours.

const PREFIX = 'PERF';
const clock = tickingClockFrom('2025-06-14T10:00:00Z');

describe('Perfana scenarios on the real stack', () => {
  let d: TestDaemon;
  beforeAll(async () => {
    d = await startTestDaemon({ now: clock });
  });
  afterAll(async () => {
    await d?.dispose();
  });

  const { send, replyFor } = policyMail(() => d, 'perfana');
  const expectPerfanaCase = (caseId: string, severity: string) =>
    expectAcknowledgedCase(d, caseId, { severity, planId: 'enterprise' });

  it('enterprise administrator, SEV1 production down → ack with the phone line, 1 hour on the weekend calendar', async () => {
    const messageId = await send('Perfana down', 'Production is down: nobody can open Perfana since 10:00.');
    const reply = await replyFor(d.addresses.customer, messageId);
    expect(reply.subject).toMatch(/^Re: \[PERF-\d+\] Perfana down$/);
    const caseId = caseIdIn(PREFIX, reply.subject);
    const body = bodyOf(reply);
    expect(body).toContain(`We have registered your request as case ${caseId} with severity SEV1.`);
    // Saturday 12:00 Amsterdam is inside Enterprise weekend coverage (Fri 17:00 – Mon 08:00).
    expect(body).toMatch(/first response: within 1 business hour, by Saturday 14 June 2025, 13:0\d CEST/);
    expect(body).toContain(
      `As this is a SEV1 case under Enterprise support, you can also reach us by phone on +31 00 000 0000. Please quote case ${caseId}.`,
    );
    await expectPerfanaCase(caseId, 'sev1');
  });

  it('enterprise administrator, SEV3 error → ack on office hours, no phone line', async () => {
    const messageId = await send('Export fails', 'Exporting a test run to PDF fails with an error.');
    const reply = await replyFor(d.addresses.customer, messageId);
    expect(reply.subject).toMatch(/^Re: \[PERF-\d+\] Export fails$/);
    const caseId = caseIdIn(PREFIX, reply.subject);
    const body = bodyOf(reply);
    expect(body).toContain(`We have registered your request as case ${caseId} with severity SEV3.`);
    // 1 business day on `office` (9 h, Mon–Fri 08–17): the clock starts Monday 08:00.
    expect(body).toMatch(/first response: within 1 business day, by Monday 16 June 2025, 17:00 CEST/);
    expect(body).not.toMatch(/phone|\+31/i);
    await expectPerfanaCase(caseId, 'sev3');
  });

  it('alice (end-user) → endUserRedirect to the administrator, no case', async () => {
    const messageId = await send(
      'Cannot see my test runs',
      'Hi, I cannot see the test runs of my team in Perfana 4.0.1. Can you give me access?',
      d.addresses.alice,
    );
    const reply = await replyFor(d.addresses.alice, messageId);
    expect(reply.subject).toBe('Re: Cannot see my test runs');
    const body = bodyOf(reply);
    expect(body).toContain('Hello Alice Analyst,');
    expect(body).toContain(
      'Our support is open to system administrators and account holders, so we have not opened a case.',
    );
    expect(body).toContain(
      `Please contact your administrator, Casey Customer (${d.addresses.customer}), who can raise the issue with us.`,
    );
    await expectNoCase(d, messageId, 'redirect');
  });

  it('sender not in the directory → community pointer (no paid plan), no case', async () => {
    const messageId = await send('Help', 'Perfana 4.0.1 shows an error on login.', d.addresses.stranger);
    const reply = await replyFor(d.addresses.stranger, messageId);
    expect(reply.subject).toBe('Re: Help');
    const body = bodyOf(reply);
    expect(body).toContain(
      'Your plan includes community support only, so we have not opened a support case.',
    );
    expect(body).toContain(
      'Community support is available through the Perfana community on Slack: https://perfana.io/community.',
    );
    await expectNoCase(d, messageId, 'redirect');
  });

  it('SNAPSHOT version → unsupportedVersion, no case', async () => {
    const messageId = await send(
      'Dashboard exception',
      'We deployed Perfana 4.1.0-SNAPSHOT and the dashboard throws an exception.',
    );
    const reply = await replyFor(d.addresses.customer, messageId);
    expect(reply.subject).toBe('Re: Dashboard exception');
    const body = bodyOf(reply);
    expect(body).toContain(
      'Version 4.1.0-SNAPSHOT is a non-production release (a SNAPSHOT, beta, milestone or release candidate). These releases are not supported, so we have not opened a case.',
    );
    await expectNoCase(d, messageId, 'decline');
  });

  it('release candidate → unsupportedVersion, no case', async () => {
    const messageId = await send('Startup failure', 'Perfana 4.1.0-RC1 fails to start.');
    const reply = await replyFor(d.addresses.customer, messageId);
    expect(reply.subject).toBe('Re: Startup failure');
    expect(bodyOf(reply)).toContain('Version 4.1.0-RC1 is a non-production release');
    await expectNoCase(d, messageId, 'decline');
  });

  it('end-of-life version 2.2.4 → endOfLife reply with the end date, no case', async () => {
    const messageId = await send('Error', 'Perfana 2.2.4 shows an error when saving a test run.');
    const reply = await replyFor(d.addresses.customer, messageId);
    expect(reply.subject).toBe('Re: Error');
    const body = bodyOf(reply);
    expect(body).toContain(
      'Version 2.2.4 has reached end of life (support ended on 2024-09-05), and we do not provide support for end-of-life versions, so we have not opened a case.',
    );
    expect(body).toContain('The one exception is help with the upgrade itself');
    await expectNoCase(d, messageId, 'decline');
  });

  it('performance tuning → outOfScope with the documentation pointer, no case', async () => {
    const messageId = await send(
      'Slow queries',
      'Can you help with performance tuning of our Perfana MongoDB? Perfana 4.0.1.',
    );
    const reply = await replyFor(d.addresses.customer, messageId);
    expect(reply.subject).toBe('Re: Slow queries');
    const body = bodyOf(reply);
    expect(body).toContain(
      'Your request concerns System and performance tuning, which is outside the scope of our support, so we have not opened a case.',
    );
    expect(body).toContain(
      'For help with this, please see the Perfana documentation: https://docs.perfana.io.',
    );
    await expectNoCase(d, messageId, 'decline');
  });

  it('product training → outOfScope, no case', async () => {
    const messageId = await send(
      'Training request',
      'We would like a training for our new test engineers on Perfana.',
    );
    const reply = await replyFor(d.addresses.customer, messageId);
    expect(reply.subject).toBe('Re: Training request');
    expect(bodyOf(reply)).toContain(
      'Your request concerns Product training, which is outside the scope of our support',
    );
    await expectNoCase(d, messageId, 'decline');
  });

  it('Dutch mail → Dutch ack, case made in Dutch', async () => {
    const messageId = await send(
      'Dashboard werkt niet',
      'Hallo, sinds de update naar Perfana 4.0.1 werkt het dashboard niet meer. Kunnen jullie helpen? Met vriendelijke groet, Casey',
    );
    const reply = await replyFor(d.addresses.customer, messageId);
    expect(reply.subject).toMatch(/^Re: \[PERF-\d+\] Dashboard werkt niet$/);
    const caseId = caseIdIn(PREFIX, reply.subject);
    const body = bodyOf(reply);
    expect(body).toContain('Beste Casey Customer,');
    expect(body).toContain(`We hebben uw verzoek geregistreerd als case ${caseId} met ernst SEV3.`);
    expect(body).toContain(`Vermeld [${caseId}] in de onderwerpregel als u ons over deze case schrijft.`);
    expect(body).toContain('eerste reactie: uiterlijk maandag 16 juni 2025, 17:00 CEST');
    expect(body).toContain('Met vriendelijke groet,');
    expect(body).not.toContain('Thank you for contacting');
    const record = await expectPerfanaCase(caseId, 'sev3');
    expect(record.language).toBe('nl');
  });
});
