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

// Kolmisoft MOR (config/policies/kolmisoft.yaml) end to end on the real stack: one daemon, one mail per
// decision path, each reply found by In-Reply-To. The daemon's clock runs from Tuesday 10 June
// 2025 20:00 Vilnius (EEST): after working hours, so 24x7 emergency and working-hours targets differ.

const PREFIX = 'KOLMI';
const clock = tickingClockFrom('2025-06-10T17:00:00Z');

describe('Kolmisoft MOR scenarios on the real stack', () => {
  let d: TestDaemon;
  beforeAll(async () => {
    d = await startTestDaemon({ now: clock });
  });
  afterAll(async () => {
    await d?.dispose();
  });

  const { send, replyFor } = policyMail(() => d, 'kolmisoft');
  const expectKolmiCase = (caseId: string, severity: string, planId: string) =>
    expectAcknowledgedCase(d, caseId, { severity, planId });

  it('enterprise blocker (system down) → ack "within 1 hour" on the 24x7 emergency calendar', async () => {
    const messageId = await send('URGENT', 'The system is down, no calls are going through since 19:45.');
    const reply = await replyFor(d.addresses.customer, messageId);
    expect(reply.subject).toMatch(/^Re: \[KOLMI-\d+\] URGENT$/);
    const caseId = caseIdIn(PREFIX, reply.subject);
    const body = bodyOf(reply);
    expect(body).toContain(`We have registered your ticket as case ${caseId} with priority Blocker.`);
    // 20:00 Vilnius, after working hours: emergency support still answers within the hour.
    expect(body).toMatch(/Reaction time: within 1 hour, by Tuesday 10 June 2025, 21:0\d EEST\./);
    expect(body).not.toContain('business hour');
    expect(body).not.toContain('EUR');
    const record = await expectKolmiCase(caseId, 'blocker', 'enterprise');
    expect(JSON.parse(record.billing ?? '{}')).toEqual({ kind: 'plan' });
  });

  it('enterprise medium issue → ack on working hours (next morning)', async () => {
    const messageId = await send('Invoices', 'There is an error on the invoices page for two resellers.');
    const reply = await replyFor(d.addresses.customer, messageId);
    expect(reply.subject).toMatch(/^Re: \[KOLMI-\d+\] Invoices$/);
    const caseId = caseIdIn(PREFIX, reply.subject);
    const body = bodyOf(reply);
    expect(body).toContain(`We have registered your ticket as case ${caseId} with priority Medium.`);
    // Working hours Mon–Fri 09–18 Vilnius: the clock starts Wednesday 09:00.
    expect(body).toMatch(/Reaction time: within 1 business hour, by Wednesday 11 June 2025, 10:00 EEST\./);
    await expectKolmiCase(caseId, 'medium', 'enterprise');
  });

  it('alice (free plan), bug on an old version (X6) → case as paid support at 100 EUR/h', async () => {
    const messageId = await send(
      'Invoice totals wrong',
      'On MOR X6 the invoice totals are wrong, this looks like a bug.',
      d.addresses.alice,
    );
    const reply = await replyFor(d.addresses.alice, messageId);
    expect(reply.subject).toMatch(/^Re: \[KOLMI-\d+\] Invoice totals wrong$/);
    const caseId = caseIdIn(PREFIX, reply.subject);
    const body = bodyOf(reply);
    expect(body).toContain('Hello Alice Analyst,');
    expect(body).toContain(`We have registered your ticket as case ${caseId}`);
    expect(body).toContain(
      'You do not have an active support plan, so this ticket is handled as paid support at 100 EUR per hour.',
    );
    expect(body).not.toContain('Reaction time'); // free: no target
    const record = await expectKolmiCase(caseId, 'medium', 'free');
    expect(JSON.parse(record.billing ?? '{}')).toEqual({
      kind: 'paidHourly',
      hourlyRate: 100,
      currency: 'EUR',
    });
    expect(JSON.parse(record.targets ?? '[]')).toEqual([]);
  });

  it('alice (free plan), bug on one of the two latest versions (X8) → case fixed free, no charge note', async () => {
    const messageId = await send(
      'Invoice totals wrong after update',
      'Since the update to MOR X8 the invoice totals are wrong, this looks like a bug.',
      d.addresses.alice,
    );
    const reply = await replyFor(d.addresses.alice, messageId);
    expect(reply.subject).toMatch(/^Re: \[KOLMI-\d+\] Invoice totals wrong after update$/);
    const caseId = caseIdIn(PREFIX, reply.subject);
    const body = bodyOf(reply);
    expect(body).toContain(`We have registered your ticket as case ${caseId}`);
    expect(body).not.toContain('EUR');
    const record = await expectKolmiCase(caseId, 'medium', 'free');
    expect(JSON.parse(record.billing ?? '{}')).toEqual({ kind: 'freeBugFix', version: 'X8' });
  });

  it('sender not in the directory → case as paid support at 100 EUR/h, no targets', async () => {
    const messageId = await send(
      'Calls drop after 30 seconds',
      'Hello, on our MOR X7 all calls to one provider drop after 30 seconds.',
      d.addresses.stranger,
    );
    const reply = await replyFor(d.addresses.stranger, messageId);
    expect(reply.subject).toMatch(/^Re: \[KOLMI-\d+\] Calls drop after 30 seconds$/);
    const caseId = caseIdIn(PREFIX, reply.subject);
    const body = bodyOf(reply);
    expect(body).toContain(`We have registered your ticket as case ${caseId} with priority High.`);
    expect(body).toContain('handled as paid support at 100 EUR per hour.');
    expect(body).not.toContain('Reaction time');
    const record = await expectKolmiCase(caseId, 'high', '');
    expect(JSON.parse(record.billing ?? '{}')).toEqual({
      kind: 'paidHourly',
      hourlyRate: 100,
      currency: 'EUR',
    });
  });

  it('MySQL replication request → paid-service offer at 100 EUR/h, no case', async () => {
    const messageId = await send('Replication', 'Please set up MySQL replication to our second server.');
    const reply = await replyFor(d.addresses.customer, messageId);
    expect(reply.subject).toBe('Re: Replication');
    expect(reply.subject).not.toMatch(/\[KOLMI-\d+\]/);
    const body = bodyOf(reply);
    expect(body).toContain(
      'Your request concerns MySQL replication configuration, which is not included in your support plan. We can do it as a paid service at our hourly rate of 100 EUR per hour. We have not opened a case.',
    );
    expect(body).toContain('please create a paid ticket in our support system: http://support.kolmisoft.com');
    await expectNoCase(d, messageId, 'paidOffer');
  });

  it('VPN configuration request → paid-service offer, no case', async () => {
    const messageId = await send(
      'VPN to provider',
      'Our provider requires a VPN tunnel, can you configure it on the MOR server?',
    );
    const reply = await replyFor(d.addresses.customer, messageId);
    expect(reply.subject).toBe('Re: VPN to provider');
    expect(bodyOf(reply)).toContain(
      'Your request concerns iptables, firewall, network or VPN configuration, which is not included in your support plan.',
    );
    await expectNoCase(d, messageId, 'paidOffer');
  });
});
