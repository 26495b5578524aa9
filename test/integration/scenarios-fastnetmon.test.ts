import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addressesOf,
  bodyOf,
  caseIdIn,
  caseRecord,
  expectAutoReply,
  expectNoCase,
  expectNothingRepliesTo,
  headerOf,
  historyOf,
  londonMonth,
  opsAlert,
  policyMail,
  replyTo,
  tickingClockFrom,
} from '../helpers/scenario-assertions.js';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon.js';

// FastNetMon Advanced (config/policies/fastnetmon.yaml) end to end on the real stack: one daemon, one
// mail per decision path, each reply found by In-Reply-To. The daemon's clock runs from Tuesday
// 10 June 2025 10:05 London (BST), inside support hours, so due times are exact.

const PREFIX = 'FNM';
const clock = tickingClockFrom('2025-06-10T09:05:00Z');

describe('FastNetMon Advanced scenarios on the real stack', () => {
  let d: TestDaemon;
  const quotaMonth = londonMonth(clock());
  const quotaOf = (messageId: string) =>
    d.db
      .selectFrom('quota_reservations')
      .select('message_id')
      .where('policy', '=', 'fastnetmon')
      .where('account_id', '=', 'acme-fastnetmon')
      .where('month', '=', quotaMonth)
      .where('message_id', '=', messageId)
      .execute();
  const clearQuota = () =>
    d.db
      .deleteFrom('quota_reservations')
      .where('policy', '=', 'fastnetmon')
      .where('account_id', '=', 'acme-fastnetmon')
      .where('month', '=', quotaMonth)
      .execute();
  beforeAll(async () => {
    d = await startTestDaemon({ now: clock });
  });
  afterAll(async () => {
    await d?.dispose();
  });

  const { send } = policyMail(() => d, 'fastnetmon');
  const expectReplyBasics = (reply: ParsedMail, messageId: string) =>
    expectAutoReply(reply, {
      from: d.addresses.mailbox.fastnetmon,
      to: d.addresses.customer,
      inReplyTo: messageId,
    });

  it('in-scope fcli bug → ack [FNM-n], 12 support hours in Europe/London, counted in the quota', async () => {
    const subject = 'fcli crashes on "set hostgroup <name>" & dumps core';
    const messageId = await send(
      subject,
      'Hi,\nwe run FastNetMon 1.2.8. Since this morning `fcli set hostgroup` segfaults with a core dump.\nRegards, Casey',
    );
    const reply = await replyTo(d.addresses.customer, messageId);
    expectReplyBasics(reply, messageId);
    expect(reply.subject).toMatch(/^Re: \[FNM-\d+\] fcli crashes on "set hostgroup <name>" & dumps core$/);
    // Customer text in the HTML part is escaped, never markup.
    expect(String(reply.html)).toContain('&quot;set hostgroup &lt;name&gt;&quot; &amp; dumps core');
    expect(String(reply.html)).not.toContain('<name>');
    const caseId = caseIdIn(PREFIX, reply.subject);
    const body = bodyOf(reply);
    expect(body).toContain(`Hello Casey Customer,`);
    expect(body).toContain(`We have registered your request as case ${caseId}.`);
    // Tue 10:05 BST + 12 support hours (Mon–Fri 10–17 London) = Wed 15:05 BST.
    expect(body).toMatch(
      /initial feedback within 12 business hours, by Wednesday 11 June 2025, 15:0\d BST\./,
    );
    expect(body).toContain('during UK support hours. Support is provided by e-mail only.');
    expect(body).not.toMatch(/phone|\+\d{2} \d/i); // "no phone number in any template"

    const record = await caseRecord(d, caseId, 'acknowledged');
    expect(record).toMatchObject({
      id: caseId,
      severity: 'normal',
      status: 'acknowledged',
      planId: 'advanced',
    });
    const targets = JSON.parse(record.targets ?? '[]') as { name: string; due: string }[];
    expect(targets.map((t) => t.name)).toEqual(['firstResponse']);
    expect(Date.parse(targets[0]?.due ?? '')).toBeGreaterThanOrEqual(Date.parse('2025-06-11T14:05:00Z'));
    expect(Date.parse(targets[0]?.due ?? '')).toBeLessThan(Date.parse('2025-06-11T14:10:00Z'));
    expect((await historyOf(d, caseId)).map((h) => h.event)).toContain('created');
    expect(await quotaOf(messageId)).toHaveLength(1);
  });

  it('installation help → outOfScope with the partner pointer, no case', async () => {
    const messageId = await send(
      'Need help installing FastNetMon',
      'Could you help us install FastNetMon Advanced on our new server and do the initial setup? We have not used it before.',
    );
    const reply = await replyTo(d.addresses.customer, messageId);
    expectReplyBasics(reply, messageId);
    expect(reply.subject).toBe('Re: Need help installing FastNetMon');
    expect(reply.subject).not.toMatch(/\[FNM-\d+\]/);
    const body = bodyOf(reply);
    expect(body).toContain('Your request concerns Installation or configuration assistance.');
    expect(body).toContain('We have therefore not opened a case.');
    expect(body).toContain('the list of FastNetMon partners: https://fastnetmon.com/partners/');
    await expectNoCase(d, messageId, 'decline');
    expect(await quotaOf(messageId)).toHaveLength(0);
  });

  it('Grafana/ClickHouse question → outOfScope (third-party components), no case', async () => {
    const messageId = await send(
      'Grafana dashboard shows no data',
      'Hello, the Grafana dashboards are empty since yesterday and ClickHouse keeps growing. How do we fix the Grafana datasource?',
    );
    const reply = await replyTo(d.addresses.customer, messageId);
    expectReplyBasics(reply, messageId);
    expect(reply.subject).toBe('Re: Grafana dashboard shows no data');
    const body = bodyOf(reply);
    expect(body).toContain(
      'Your request concerns Third-party components (MongoDB/FerretDB, Grafana, ClickHouse, GoBGP, Linux distributions).',
    );
    expect(body).toContain('https://fastnetmon.com/partners/');
    await expectNoCase(d, messageId, 'decline');
  });

  it('hardware fault → outOfScope (hardware), no case', async () => {
    const messageId = await send(
      'Server keeps rebooting',
      'We think it is a hardware fault, dmesg shows memory errors every hour. Can you check what is wrong?',
    );
    const reply = await replyTo(d.addresses.customer, messageId);
    expectReplyBasics(reply, messageId);
    expect(reply.subject).toBe('Re: Server keeps rebooting');
    const body = bodyOf(reply);
    expect(body).toContain('Your request concerns Hardware choice or hardware faults.');
    expect(body).toContain('We have therefore not opened a case.');
    await expectNoCase(d, messageId, 'decline');
  });

  it('SSH access offered → ack saying access is not granted automatically, and an ops alert', async () => {
    const messageId = await send(
      'fastnetmon not detecting attacks',
      'The FastNetMon daemon is not detecting attacks any more (1.2.8). You can SSH into the box as root, password in the next mail.',
    );
    const reply = await replyTo(d.addresses.customer, messageId);
    expectReplyBasics(reply, messageId);
    expect(reply.subject).toMatch(/^Re: \[FNM-\d+\] fastnetmon not detecting attacks$/);
    const caseId = caseIdIn(PREFIX, reply.subject);
    const body = bodyOf(reply);
    expect(body).toContain(
      'Your message mentions Remote (SSH) access to your server. We do not accept remote access to your equipment unless our support team confirms it is absolutely necessary',
    );
    expect(body).toMatch(/within 12 business hours, by Wednesday 11 June 2025, 15:\d\d BST/);

    const [alert] = await opsAlert(d, messageId, 'scope:remote-access');
    expect(alert?.subject).toBe(`[${caseId}] ops: scope:remote-access — FastNetMon Advanced`);
    expect(addressesOf(alert?.to)).toEqual([d.addresses.ops]);
    expect(headerOf(alert as ParsedMail, 'auto-submitted')).toBe('auto-replied');

    const record = await caseRecord(d, caseId, 'acknowledged');
    expect(record).toMatchObject({ severity: 'normal', status: 'acknowledged' });
    expect((await historyOf(d, caseId)).map((h) => h.event)).toContain('created');
  });

  it('old version 1.1.2 → upgradeRequired [FNM-n], case waiting on the customer', async () => {
    const messageId = await send(
      'Hosts not banned',
      'We run FastNetMon 1.1.2 and hosts above the threshold are not banned any more.',
    );
    const reply = await replyTo(d.addresses.customer, messageId);
    expectReplyBasics(reply, messageId);
    expect(reply.subject).toMatch(/^Re: \[FNM-\d+\] Hosts not banned$/);
    const caseId = caseIdIn(PREFIX, reply.subject);
    const body = bodyOf(reply);
    expect(body).toContain(`We have registered your request as case ${caseId}.`);
    expect(body).toContain(
      'You report version 1.1.2. We support and fix bugs only in the latest stable version of FastNetMon, currently 1.2.8. Please upgrade to the latest version and replicate the issue',
    );
    expect(body).toContain('The case is waiting for your reply.');

    const record = await caseRecord(d, caseId, 'waiting');
    expect(record).toMatchObject({ severity: 'normal', status: 'waiting' });
    expect(JSON.parse(record.pauses ?? '[]')).toHaveLength(1);
    const events = (await historyOf(d, caseId)).map((h) => h.event);
    expect(events).toContain('created');
    expect(events).toContain('status');
  });

  it('unsupported distribution (Ubuntu 18.04) → unsupportedPlatform [FNM-n], case waiting', async () => {
    const messageId = await send(
      'Traffic DB daemon fails to start',
      'On Ubuntu 18.04 the traffic_db service fails to start after a reboot. Version 1.2.8.',
    );
    const reply = await replyTo(d.addresses.customer, messageId);
    expectReplyBasics(reply, messageId);
    expect(reply.subject).toMatch(/^Re: \[FNM-\d+\] Traffic DB daemon fails to start$/);
    const caseId = caseIdIn(PREFIX, reply.subject);
    const body = bodyOf(reply);
    expect(body).toContain(
      'We can provide support only if your Linux distribution is officially supported by standard support from the distribution vendor, and Ubuntu 18.04 is not.',
    );
    expect(body).toContain('The case is waiting for your reply.');
    const record = await caseRecord(d, caseId, 'waiting');
    expect(record).toMatchObject({ severity: 'normal', status: 'waiting' });
    expect((await historyOf(d, caseId)).map((h) => h.event)).toContain('created');
  });

  it('German mail → English ack with the English-only notice, case made', async () => {
    const messageId = await send(
      'FastNetMon Daemon startet nicht',
      'Hallo, seit dem Update startet der FastNetMon Daemon nicht mehr. Können Sie uns bitte helfen? Danke',
    );
    const reply = await replyTo(d.addresses.customer, messageId);
    expectReplyBasics(reply, messageId);
    expect(reply.subject).toMatch(/^Re: \[FNM-\d+\] FastNetMon Daemon startet nicht$/);
    const caseId = caseIdIn(PREFIX, reply.subject);
    const body = bodyOf(reply);
    expect(body).toContain('Hello Casey Customer, Thank you for contacting FastNetMon Advanced support.');
    expect(body).toContain('Our official support language is English, so we will continue in English.');
    expect(body).toMatch(/within 12 business hours/);
    const record = await caseRecord(d, caseId, 'acknowledged');
    expect(record).toMatchObject({ severity: 'normal', status: 'acknowledged', language: 'en' });
    expect((await historyOf(d, caseId)).map((h) => h.event)).toContain('created');
  });

  it('abusive mail → no reply at all to the customer, an ops alert, and the case opened silently', async () => {
    const messageId = await send(
      'WTF is wrong with your software',
      'Your fcli is a piece of shit. Fix it now, you incompetent idiots.',
    );
    const [alert] = await opsAlert(d, messageId, 'abusiveLanguage');
    // Ops alerts about a case lead with its tag, so a reply from ops threads onto the case.
    const caseId = /^\[(FNM-\d+)\]/.exec(alert?.subject ?? '')?.[1] ?? 'none';
    expect(alert?.subject).toBe(`[${caseId}] ops: abusiveLanguage — FastNetMon Advanced`);
    expect(bodyOf(alert as ParsedMail)).toContain('Abusive language');
    await expectNothingRepliesTo(d.addresses.customer, messageId);
    const record = await caseRecord(d, caseId, 'new');
    expect(record).toMatchObject({ severity: 'normal', status: 'new' });
    expect(record.ackSentAt).toBeUndefined();
    const history = await historyOf(d, caseId);
    expect(history.map((h) => h.event)).toContain('created');
    expect(history.find((h) => h.event === 'created')?.detail).toMatch(/^noReply: Abusive language/);
  });

  it('over quota (10 of 10 used) → overQuota reply with limit, count and reset date; no case; ops told', async () => {
    // Exactly 10 requests used this London month; earlier tests' cases are replaced by fakes.
    await clearQuota();
    for (let i = 0; i < 10; i++) {
      await d.quota.reserve(
        'fastnetmon',
        'acme-fastnetmon',
        quotaMonth,
        `<fake-request-${i}@example.test>`,
        10,
      );
    }
    try {
      const messageId = await send(
        'Notifications',
        'FastNetMon 1.2.8 stopped sending ban notifications to our webhook.',
      );
      const reply = await replyTo(d.addresses.customer, messageId);
      expectReplyBasics(reply, messageId);
      expect(reply.subject).toBe('Re: Notifications');
      const body = bodyOf(reply);
      expect(body).toContain(
        'Your subscription includes 10 support requests per calendar month, and 10 have already been used this month, so we have not opened a new case for this message. Your message has been kept.',
      );
      expect(body).toContain('Your monthly allowance resets on 1 July 2025.');
      await expectNoCase(d, messageId, 'overQuota');
      expect(await d.quota.count('fastnetmon', 'acme-fastnetmon', quotaMonth)).toBe(10);
      const [alert] = await opsAlert(d, messageId, 'overQuota');
      expect(alert?.subject).toBe(`[ops] FastNetMon Advanced: overQuota — ${d.addresses.customer}`);
    } finally {
      await clearQuota();
    }
  });
});
