import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DryRunResult, dryRunMails } from '../../src/commands/dry-run-mails.js';
import { readMbox } from '../../src/commands/mail-files.js';
import { type LoadedConfiguration, loadEverything } from '../../src/config/load-everything.js';
import { countMessages, STACK, sendMail, waitForMail } from '../helpers/local-stack.js';
import { POLICY_IDS, type PolicyId, prepareTestStack, type TestAddresses } from '../helpers/test-daemon.js';

// `dry-run` over an mbox of the scenario tests' mails, per seed policy at the scenario tests'
// clock: the same outcomes, templates and severities they expect of the live daemon, and
// nothing written anywhere (this test's Redis prefix stays empty, no mailbox changes).

const run = promisify(execFile);

type Who = 'customer' | 'alice' | 'bob' | 'stranger' | 'unregistered';
interface Case {
  from: Who;
  subject: string;
  text: string;
  headers?: string;
  expect: Partial<DryRunResult>;
}

const accept = (severity: string, template = 'ack'): Partial<DryRunResult> => ({
  outcome: 'accept',
  template,
  severity,
  opensCase: true,
});
const noCase = (outcome: DryRunResult['outcome'], template: string | null): Partial<DryRunResult> => ({
  outcome,
  template,
  opensCase: false,
});

/** The instant each scenario suite's daemon clock starts at, and its mails. */
const SCENARIOS: Record<PolicyId, { at: string; cases: Case[] }> = {
  fastnetmon: {
    at: '2025-06-10T09:05:00Z',
    cases: [
      {
        from: 'customer',
        subject: 'fcli crashes',
        text: 'We run FastNetMon 1.2.8. `fcli set hostgroup` segfaults with a core dump.',
        expect: accept('normal'),
      },
      {
        from: 'customer',
        subject: 'Need help installing FastNetMon',
        text: 'Could you help us install FastNetMon Advanced on our new server and do the initial setup?',
        expect: noCase('decline', 'outOfScope'),
      },
      {
        from: 'customer',
        subject: 'Grafana dashboard shows no data',
        text: 'The Grafana dashboards are empty and ClickHouse keeps growing. How do we fix the Grafana datasource?',
        expect: noCase('decline', 'outOfScope'),
      },
      {
        from: 'customer',
        subject: 'Server keeps rebooting',
        text: 'We think it is a hardware fault, dmesg shows memory errors every hour.',
        expect: noCase('decline', 'outOfScope'),
      },
      {
        from: 'customer',
        subject: 'fastnetmon not detecting attacks',
        text: 'The FastNetMon daemon is not detecting attacks any more (1.2.8). You can SSH into the box as root.',
        expect: {
          ...accept('normal'),
          reasons: [expect.any(String), 'ops alert: scope:remote-access'] as string[],
        },
      },
      {
        from: 'customer',
        subject: 'Hosts not banned',
        text: 'We run FastNetMon 1.1.2 and hosts above the threshold are not banned any more.',
        expect: accept('normal', 'upgradeRequired'),
      },
      {
        from: 'customer',
        subject: 'Traffic DB daemon fails to start',
        text: 'On Ubuntu 18.04 the traffic_db service fails to start after a reboot. Version 1.2.8.',
        expect: accept('normal', 'unsupportedPlatform'),
      },
      {
        from: 'customer',
        subject: 'FastNetMon Daemon startet nicht',
        text: 'Hallo, seit dem Update startet der FastNetMon Daemon nicht mehr. Können Sie uns bitte helfen? Danke',
        expect: accept('normal'),
      },
      {
        from: 'customer',
        subject: 'WTF is wrong with your software',
        text: 'Your fcli is a piece of shit. Fix it now, you incompetent idiots.',
        expect: { outcome: 'noReply', template: null, opensCase: true },
      },
      {
        from: 'customer',
        subject: 'Out of office',
        text: 'I am away until Monday.',
        headers: 'Auto-Submitted: auto-replied\n',
        expect: noCase('ignored', null),
      },
    ],
  },
  netop: {
    at: '2025-06-10T09:05:00Z',
    cases: [
      {
        from: 'customer',
        subject: 'Host crashes on all terminals',
        text: 'In our production environment the Netop Host service crashes on all 40 terminals every hour since Monday.',
        expect: accept('critical'),
      },
      {
        from: 'customer',
        subject: 'Deployment fails in lab',
        text: 'While testing version 12.8 in our lab environment the silent installer stops with error 1603.',
        expect: accept('high'),
      },
      {
        from: 'customer',
        subject: 'Question about logging',
        text: 'How do I enable the extended log for the Netop Host? We want to keep it for 30 days.',
        expect: accept('medium'),
      },
      {
        from: 'customer',
        subject: 'Deployment fails in lab',
        text: 'In the lab the silent installer stops with error 1603; installing by hand works around it for now (workaround).',
        expect: accept('medium'),
      },
      {
        from: 'customer',
        subject: '[Critical] Guest black screen',
        text: 'Only seen in our lab so far.',
        expect: accept('critical'),
      },
      {
        from: 'bob',
        subject: 'Guests cannot connect',
        text: 'Since this morning no Guest can connect to the Hosts in our office.',
        expect: { outcome: 'accept', template: 'ack', opensCase: true, plan: 'standard' },
      },
      {
        from: 'unregistered',
        subject: 'Help',
        text: 'Our Netop Guest cannot connect, please help.',
        expect: noCase('registerLicence', 'registerLicence'),
      },
      {
        from: 'stranger',
        subject: 'Host will not start',
        text: 'Hello, I am the new administrator.\nOur licence key is NTP1-ACME-7788-2026.\nThe Host will not start in production.',
        expect: { ...accept('critical'), plan: 'standard' },
      },
      // Learned from the licence key two mails ago: a contact now, no key needed.
      {
        from: 'stranger',
        subject: 'Guest crashes',
        text: 'The Guest crashes in production as well.',
        expect: { ...accept('critical'), plan: 'standard' },
      },
    ],
  },
  perfana: {
    at: '2025-06-14T10:00:00Z',
    cases: [
      {
        from: 'customer',
        subject: 'Perfana down',
        text: 'Production is down: nobody can open Perfana since 10:00.',
        expect: accept('sev1'),
      },
      {
        from: 'customer',
        subject: 'Export fails',
        text: 'Exporting a test run to PDF fails with an error.',
        expect: accept('sev3'),
      },
      {
        from: 'alice',
        subject: 'Cannot see my test runs',
        text: 'Hi, I cannot see the test runs of my team in Perfana 4.0.1. Can you give me access?',
        expect: noCase('redirect', 'endUserRedirect'),
      },
      {
        from: 'stranger',
        subject: 'Help',
        text: 'Perfana 4.0.1 shows an error on login.',
        expect: noCase('redirect', 'communityPointer'),
      },
      {
        from: 'customer',
        subject: 'Dashboard exception',
        text: 'We deployed Perfana 4.1.0-SNAPSHOT and the dashboard throws an exception.',
        expect: noCase('decline', 'unsupportedVersion'),
      },
      {
        from: 'customer',
        subject: 'Startup failure',
        text: 'Perfana 4.1.0-RC1 fails to start.',
        expect: noCase('decline', 'unsupportedVersion'),
      },
      {
        from: 'customer',
        subject: 'Error',
        text: 'Perfana 2.2.4 shows an error when saving a test run.',
        expect: noCase('decline', 'endOfLife'),
      },
      {
        from: 'customer',
        subject: 'Slow queries',
        text: 'Can you help with performance tuning of our Perfana MongoDB? Perfana 4.0.1.',
        expect: noCase('decline', 'outOfScope'),
      },
      {
        from: 'customer',
        subject: 'Training request',
        text: 'We would like a training for our new test engineers on Perfana.',
        expect: noCase('decline', 'outOfScope'),
      },
      {
        from: 'customer',
        subject: 'Dashboard werkt niet',
        text: 'Hallo, sinds de update naar Perfana 4.0.1 werkt het dashboard niet meer. Kunnen jullie helpen? Met vriendelijke groet, Casey',
        expect: accept('sev3'),
      },
    ],
  },
  kolmisoft: {
    at: '2025-06-10T17:00:00Z',
    cases: [
      {
        from: 'customer',
        subject: 'URGENT',
        text: 'The system is down, no calls are going through since 19:45.',
        expect: { ...accept('blocker'), plan: 'enterprise' },
      },
      {
        from: 'customer',
        subject: 'Invoices',
        text: 'There is an error on the invoices page for two resellers.',
        expect: { ...accept('medium'), plan: 'enterprise' },
      },
      {
        from: 'alice',
        subject: 'Invoice totals wrong',
        text: 'On MOR X6 the invoice totals are wrong, this looks like a bug.',
        expect: { ...accept('medium'), plan: 'free' },
      },
      {
        from: 'alice',
        subject: 'Invoice totals wrong after update',
        text: 'Since the update to MOR X8 the invoice totals are wrong, this looks like a bug.',
        expect: { ...accept('medium'), plan: 'free' },
      },
      {
        from: 'stranger',
        subject: 'Calls drop after 30 seconds',
        text: 'Hello, on our MOR X7 all calls to one provider drop after 30 seconds.',
        expect: { ...accept('high'), plan: null, targets: [] },
      },
      {
        from: 'customer',
        subject: 'Replication',
        text: 'Please set up MySQL replication to our second server.',
        expect: noCase('paidOffer', 'paidSupport'),
      },
      {
        from: 'customer',
        subject: 'VPN to provider',
        text: 'Our provider requires a VPN tunnel, can you configure it on the MOR server?',
        expect: noCase('paidOffer', 'paidSupport'),
      },
    ],
  },
};

// The mails as an export of the support mailbox holds them: with the trace fields the stack's MX
// writes for a sender who submitted them (its verdict above its own Received line).
const delivered = (from: string): string =>
  `Authentication-Results: mx.example.test; dmarc=pass (p=reject dis=none) header.from=${from.split('@')[1]}\n` +
  'Received: from submission.example.test (unknown [127.0.0.2])\n\tby mx.example.test (Postfix) with ESMTP id 4A1B2C3D\n';

function mboxOf(cases: Case[], a: TestAddresses & { unregistered: string }, policy: PolicyId): string {
  return cases
    .map(
      (c, i) =>
        `From ${a[c.from]} Tue Jun 10 09:05:00 2025\n${delivered(a[c.from])}From: ${a[c.from]}\nTo: ${a.mailbox[policy]}\n` +
        `Subject: ${c.subject}\nMessage-ID: <dry-${policy}-${i}@example.test>\nDate: Tue, 10 Jun 2025 09:05:00 +0000\n` +
        `MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n${c.headers ?? ''}\n${c.text}\n`,
    )
    .join('\n');
}

describe('dry-run: the seed policies decide the scenario mails without touching anything', () => {
  let loaded: LoadedConfiguration;
  let configFile = '';
  let dropDatabase: (() => Promise<void>) | undefined;
  let prefix = '';
  let addresses: TestAddresses & { unregistered: string };
  let redis: Redis;
  let dir = '';
  const inboxCounts = async (): Promise<number[]> =>
    Promise.all(
      [
        ...Object.values(addresses.mailbox),
        addresses.customer,
        addresses.alice,
        addresses.engineer,
        addresses.ops,
      ].map((a) => countMessages(a)),
    );
  let countsBefore: number[] = [];

  beforeAll(async () => {
    const prepared = await prepareTestStack();
    dropDatabase = prepared.dropDatabase;
    configFile = prepared.configFile;
    prefix = `{t-${prepared.id}}:`;
    addresses = { ...prepared.addresses, unregistered: `unregistered-${prepared.id}@example.test` };
    process.env.IMAP_PASSWORD = STACK.password;
    loaded = loadEverything(configFile);
    redis = new Redis(STACK.redisUrl);
    dir = mkdtempSync(join(tmpdir(), 'si-dry-run-'));
    // A mail waiting in a policy mailbox, so "unchanged" is about a non-empty folder too.
    const waiting = await sendMail({
      from: addresses.customer,
      to: addresses.mailbox.netop,
      subject: 'waiting',
      text: 'x',
    });
    await waitForMail(addresses.mailbox.netop, (m) => m.messageId === waiting);
    countsBefore = await inboxCounts();
  });
  afterAll(async () => {
    await redis?.quit();
    await dropDatabase?.();
  });

  for (const policyId of POLICY_IDS) {
    it(`${policyId}: every scenario mail gets the outcome the live daemon gives it`, async () => {
      const { at, cases } = SCENARIOS[policyId];
      const file = join(dir, `${policyId}.mbox`);
      writeFileSync(file, mboxOf(cases, addresses, policyId));
      const policy = loaded.policies.get(policyId);
      if (!policy) throw new Error(`no policy ${policyId}`);
      const results = await dryRunMails(loaded, policy, readMbox(file), new Date(at));
      expect(results).toHaveLength(cases.length);
      cases.forEach((c, i) => {
        expect(results[i]).toMatchObject({
          subject: c.subject,
          ...c.expect,
        });
      });
      // Accepted cases carry their due times; declines none.
      const acked = results.find((r) => r.outcome === 'accept' && r.plan !== null);
      expect(acked?.targets.length).toBeGreaterThan(0);
      expect(acked?.targets.every((t) => t.due !== null && !Number.isNaN(Date.parse(t.due)))).toBe(true);
    });
  }

  it('fastnetmon: the quota is counted across the run — the 11th request of a month is overQuota', async () => {
    const file = join(dir, 'quota.mbox');
    const mails: Case[] = Array.from({ length: 11 }, (_, i) => ({
      from: 'customer',
      subject: `Notifications ${i}`,
      text: 'FastNetMon 1.2.8 stopped sending ban notifications to our webhook.',
      expect: {},
    }));
    writeFileSync(file, mboxOf(mails, addresses, 'fastnetmon'));
    const policy = loaded.policies.get('fastnetmon');
    if (!policy) throw new Error('no policy fastnetmon');
    const results = await dryRunMails(loaded, policy, readMbox(file), new Date('2025-06-10T09:05:00Z'));
    expect(results.map((r) => r.outcome)).toEqual([...Array<string>(10).fill('accept'), 'overQuota']);
    expect(results[10]).toMatchObject({ template: 'overQuota', opensCase: false });
  });

  // A child process with tsx: its start-up alone can take half a minute on a loaded machine.
  it('the command prints one JSON line per mail, and nothing was stored, sent or moved', {
    timeout: 120_000,
  }, async () => {
    const file = join(dir, 'netop.mbox');
    const { stdout } = await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli.ts',
        'dry-run',
        '--config',
        configFile,
        '--policy',
        'netop',
        '--mbox',
        file,
        '--at',
        SCENARIOS.netop.at,
        '--json',
      ],
      { env: process.env },
    );
    const lines = stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as DryRunResult);
    expect(lines.map((l) => l.outcome)).toEqual(SCENARIOS.netop.cases.map((c) => c.expect.outcome));
    expect(lines[0]).toMatchObject({
      messageId: '<dry-netop-0@example.test>',
      from: addresses.customer,
      outcome: 'accept',
      template: 'ack',
      severity: 'critical',
      plan: 'standard',
      targets: [
        { name: 'firstResponse', due: expect.any(String) },
        { name: 'resolution1', due: expect.any(String) },
        { name: 'resolution2', due: expect.any(String) },
      ],
      reasons: [expect.stringContaining('critical')],
    });

    expect(await redis.keys(`${prefix}*`)).toEqual([]);
    expect(await inboxCounts()).toEqual(countsBefore);
    expect(countsBefore.some((n) => n > 0)).toBe(true);
  });
});
