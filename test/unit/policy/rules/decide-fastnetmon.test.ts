import { describe, expect, it } from 'vitest';
import { customer, decideScenario, expectOutcome, mail, NOW } from './support.js';

// FastNetMon Advanced (seed 000): one severity, FIFO, 12 support hours to first response,
// 10 requests a month, strict scope, latest version only, English only, no rudeness.

const subscriber = customer({ accountId: 'nordnet', accountName: 'NordNet ISP', planId: 'advanced' });

function fastnetmon(subject: string, body: string, extra: { requestsThisMonth?: number; now?: Date } = {}) {
  return decideScenario({ policy: 'fastnetmon', mail: mail(subject, body), customer: subscriber, ...extra });
}

describe('FastNetMon: in-scope issues are accepted as normal, first come first served', () => {
  it('accepts a bug in fcli with a 12-support-hour first response (Tue 10:00 → Wed 15:00 London)', () => {
    const decision = expectOutcome(
      fastnetmon(
        'fcli crashes when adding a hostgroup',
        'Hi,\nwe run FastNetMon 1.2.8. Since this morning `fcli set hostgroup` segfaults with a core dump.\nRegards, Alex',
      ),
      'accept',
    );
    expect(decision.template).toBe('ack');
    expect(decision.case.severity).toBe('normal');
    expect(decision.case.status).toBe('new');
    expect(decision.case.components).toContain('fcli');
    expect(decision.case.impactWords).toContain('core dump');
    expect(decision.case.queuePriority).toBe(0);
    expect(decision.case.targets.map((t) => [t.name, t.due?.toISOString()])).toEqual([
      ['firstResponse', '2025-06-11T14:00:00.000Z'],
    ]);
    expect(decision.countsTowardQuota).toBe(true);
    expect(decision.notices).toEqual([]);
    expect(decision.vars.phone).toBeUndefined(); // "no phone number in any template"
  });

  it.each([
    [
      'attack words are recorded, never a faster queue',
      'DDoS attack not detected',
      'We had a 20 Gbps DDoS attack at 03:00 and FastNetMon 1.2.8 did not ban the host. Logs attached.',
    ],
    [
      'a REST API error',
      'REST API returns 500',
      'Calling the REST API endpoint /hostgroup with FastNetMon 1.2.8 returns HTTP 500 for every request.',
    ],
  ])('%s', (_title, subject, body) => {
    const decision = expectOutcome(fastnetmon(subject, body), 'accept');
    expect(decision.case.severity).toBe('normal');
    expect(decision.case.queuePriority).toBe(0);
  });

  it('keeps a mail naming a component in scope even when it mentions ClickHouse', () => {
    const decision = expectOutcome(
      fastnetmon(
        'Traffic DB stops writing',
        'The Traffic DB daemon stops writing flows to ClickHouse after an hour. Version 1.2.8.',
      ),
      'accept',
    );
    expect(decision.case.components).toEqual(['traffic-db']);
  });
});

describe('FastNetMon: out-of-scope topics are declined with the partner list', () => {
  it.each([
    [
      'installation help',
      'Need help installing FastNetMon',
      'Could you help us install FastNetMon Advanced on our new server and do the initial setup? We have not used it before.',
      'installation-configuration',
    ],
    [
      'configuration assistance',
      'Setup question',
      'Can you configure it for us? We want detection for our three uplinks but have no time to read the docs.',
      'installation-configuration',
    ],
    [
      'a Grafana question',
      'Grafana dashboard shows no data',
      'Hello, the Grafana dashboards are empty since yesterday. How do we fix the Grafana datasource?',
      'third-party-components',
    ],
    [
      'a ClickHouse question',
      'ClickHouse disk full',
      'ClickHouse is using all disk space on the server, how do we set a retention period?',
      'third-party-components',
    ],
    [
      'a hardware fault',
      'Server keeps rebooting',
      'We think it is a hardware fault, dmesg shows memory errors every hour. Can you check what is wrong?',
      'hardware',
    ],
    ['a hardware choice', '40G capture', 'Which NIC should we buy for 40G mirror capture?', 'hardware'],
    [
      'router configuration',
      'BGP on our Juniper',
      'Could you configure our Juniper MX so that it accepts the blackhole announcements from FastNetMon?',
      'network-equipment',
    ],
  ])('%s', (_title, subject, body, exclusionId) => {
    const decision = expectOutcome(fastnetmon(subject, body), 'decline');
    expect(decision.template).toBe('outOfScope');
    expect(decision.exclusionId).toBe(exclusionId);
    expect(decision.vars.pointerUrl).toBe('https://fastnetmon.com/partners/');
    expect(decision.countsTowardQuota).toBe(false);
  });

  it('declines out-of-scope mail even when the quota is used up (declined mail never counts)', () => {
    const decision = expectOutcome(
      fastnetmon('Grafana login', 'How do we reset the Grafana admin password?', { requestsThisMonth: 10 }),
      'decline',
    );
    expect(decision.template).toBe('outOfScope');
  });
});

describe('FastNetMon: remote access is flagged to ops, never granted', () => {
  it('accepts the issue, flags ops and tells the customer access is not granted automatically', () => {
    const decision = expectOutcome(
      fastnetmon(
        'fastnetmon not detecting attacks',
        'The FastNetMon daemon is not detecting attacks any more (1.2.8). You can SSH into the box as root, password in the next mail.',
      ),
      'accept',
    );
    expect(decision.opsFlags).toContain('scope:remote-access');
    expect(decision.notices).toContain('notGrantedAutomatically');
    expect(decision.vars.flaggedTopics).toBe('Remote (SSH) access to your server');
  });
});

describe('FastNetMon: old versions and unsupported distributions wait on the customer', () => {
  it('creates the case waiting on the customer with the upgrade reply for an older version', () => {
    const decision = expectOutcome(
      fastnetmon(
        'Hosts not banned',
        'We run FastNetMon 1.2.6 and hosts above the threshold are not banned any more.',
      ),
      'accept',
    );
    expect(decision.template).toBe('upgradeRequired');
    expect(decision.case.status).toBe('waitingOnCustomer');
    expect(decision.vars).toMatchObject({ version: '1.2.6', latestVersion: '1.2.8' });
    expect(decision.countsTowardQuota).toBe(true);
  });

  it('treats the latest version, or a newer one than the setting knows, as supported', () => {
    for (const version of ['1.2.8', 'v1.2.9']) {
      const decision = expectOutcome(
        fastnetmon('Question', `fcli output looks odd on FastNetMon ${version}`),
        'accept',
      );
      expect(decision.template).toBe('ack');
    }
  });

  it('gives an unsupported distribution its own reply, also waiting on the customer', () => {
    const decision = expectOutcome(
      fastnetmon(
        'Traffic DB daemon fails to start',
        'On CentOS 7 the traffic_db service fails to start after a reboot. Version 1.2.8.',
      ),
      'accept',
    );
    expect(decision.template).toBe('unsupportedPlatform');
    expect(decision.case.status).toBe('waitingOnCustomer');
    expect(decision.vars.platform).toBe('CentOS 7');
  });

  it('uses the directory platform when the mail does not name one', () => {
    const decision = expectOutcome(
      decideScenario({
        policy: 'fastnetmon',
        mail: mail('fcli error', 'fcli commit fails with "permission denied". FastNetMon 1.2.8.'),
        customer: { ...subscriber, platform: 'Ubuntu 18.04 LTS' },
      }),
      'accept',
    );
    expect(decision.template).toBe('unsupportedPlatform');
  });

  it('sends one reply when both apply: the upgrade reply, with the platform as a notice', () => {
    const decision = expectOutcome(
      fastnetmon('Crash', 'FastNetMon 1.2.5 on Debian 10 crashes at start.'),
      'accept',
    );
    expect(decision.template).toBe('upgradeRequired');
    expect(decision.notices).toContain('unsupportedPlatform');
  });
});

describe('FastNetMon: English only, the case is still made', () => {
  it.each([
    [
      'de',
      'FastNetMon Daemon startet nicht',
      'Hallo, seit dem Update startet der FastNetMon Daemon nicht mehr. Können Sie uns bitte helfen? Danke',
    ],
    [
      'fr',
      'Le démon ne démarre pas',
      'Bonjour, depuis la mise à jour le démon FastNetMon ne démarre pas. Pouvez-vous nous aider ? Merci',
    ],
  ])('accepts %s mail with an English language notice', (language, subject, body) => {
    const decision = expectOutcome(fastnetmon(subject, body), 'accept');
    expect(decision.detectedLanguage).toBe(language);
    expect(decision.replyLanguage).toBe('en');
    expect(decision.notices).toContain('languageNotice');
  });

  it('adds no notice for English mail', () => {
    const decision = expectOutcome(
      fastnetmon(
        'fcli question',
        'Hi, when we run fcli show hostgroup the output is empty. Is this expected? Thanks',
      ),
      'accept',
    );
    expect(decision.detectedLanguage).toBe('en');
    expect(decision.notices).not.toContain('languageNotice');
  });
});

describe('FastNetMon: abusive language is flagged to ops with no automatic reply', () => {
  it('opens the case silently and flags ops', () => {
    const decision = expectOutcome(
      fastnetmon(
        'WTF is wrong with your software',
        'Your fcli is a piece of shit. Fix it now, you incompetent idiots.',
      ),
      'noReply',
    );
    expect(decision.template).toBeNull();
    expect(decision.opsFlags).toContain('abusiveLanguage');
    expect(decision.case?.severity).toBe('normal');
    expect(decision.suppressedOutcome).toBe('accept');
    expect(decision.countsTowardQuota).toBe(true);
  });

  it('sends not even the over-quota reply, and opens no case', () => {
    const decision = expectOutcome(
      fastnetmon('still broken', 'This fucking daemon crashed again.', { requestsThisMonth: 10 }),
      'noReply',
    );
    expect(decision.case).toBeNull();
    expect(decision.suppressedOutcome).toBe('overQuota');
    expect(decision.opsFlags).toEqual(['overQuota', 'abusiveLanguage']);
    expect(decision.countsTowardQuota).toBe(false);
  });

  it('does not mistake polite self-deprecation for abuse', () => {
    expectOutcome(
      fastnetmon('Sorry, probably a stupid question', 'Where does fcli keep its history?'),
      'accept',
    );
  });
});

describe('FastNetMon: monthly quota in Europe/London', () => {
  const body = 'FastNetMon 1.2.8 stopped sending ban notifications to our webhook.';

  it.each([
    // [what, requests before this mail, accepted?]
    ['the tenth request of the month is still accepted', 9, true],
    ['the eleventh is over quota', 10, false],
    ['far over stays over', 14, false],
  ])('%s', (_title, requestsThisMonth, accepted) => {
    const decision = fastnetmon('Notifications', body, { requestsThisMonth });
    expect(decision.outcome).toBe(accepted ? 'accept' : 'overQuota');
  });

  it('replies with limit, count and reset date, keeps no case and tells ops', () => {
    const decision = expectOutcome(fastnetmon('Notifications', body, { requestsThisMonth: 10 }), 'overQuota');
    expect(decision).toMatchObject({
      template: 'overQuota',
      limit: 10,
      count: 10,
      resetsAt: '2025-07-01T00:00:00.000+01:00',
      countsTowardQuota: false,
      opsFlags: ['overQuota'],
    });
    expect(decision.vars).toMatchObject({ limit: 10, count: 10, resetDate: '1 July 2025' });
  });

  it('uses the per-subscription limit from the directory', () => {
    const decision = expectOutcome(
      decideScenario({
        policy: 'fastnetmon',
        mail: mail('Notifications', body),
        customer: { ...subscriber, monthlyQuota: 3 },
        requestsThisMonth: 3,
      }),
      'overQuota',
    );
    expect(decision.limit).toBe(3);
  });

  it.each([
    // The month turns at local midnight: 23:30 UTC on 30 June is 00:30 BST on 1 July.
    [
      '22:59 UTC on 30 June is still June in London',
      '2025-06-30T22:59:00Z',
      '2025-07-01T00:00:00.000+01:00',
      '1 July 2025',
    ],
    [
      '23:30 UTC on 30 June is already July in London',
      '2025-06-30T23:30:00Z',
      '2025-08-01T00:00:00.000+01:00',
      '1 August 2025',
    ],
    [
      'in winter London is UTC: 23:30 UTC on 31 Dec is still December',
      '2025-12-31T23:30:00Z',
      '2026-01-01T00:00:00.000+00:00',
      '1 January 2026',
    ],
    [
      'the month into BST starts at GMT midnight',
      '2025-03-01T00:00:00Z',
      '2025-04-01T00:00:00.000+01:00',
      '1 April 2025',
    ],
  ])('%s', (_title, nowIso, resetsAt, resetDate) => {
    const decision = expectOutcome(
      fastnetmon('Notifications', body, { requestsThisMonth: 10, now: new Date(nowIso) }),
      'overQuota',
    );
    expect(decision.resetsAt).toBe(resetsAt);
    expect(decision.vars.resetDate).toBe(resetDate);
  });
});

describe('FastNetMon: support comes with a subscription', () => {
  it('declines a sender who is not in the directory', () => {
    const decision = expectOutcome(
      decideScenario({
        policy: 'fastnetmon',
        mail: mail('fcli help', 'fcli does not start on 1.2.8'),
        customer: null,
      }),
      'decline',
    );
    expect(decision).toMatchObject({
      template: 'notEligible',
      declineReason: 'unknownSender',
      accountId: null,
    });
  });

  it('declines a directory entry without a plan', () => {
    const decision = expectOutcome(
      decideScenario({
        policy: 'fastnetmon',
        mail: mail('fcli help', 'fcli does not start on 1.2.8'),
        customer: { ...subscriber, planId: null },
      }),
      'decline',
    );
    expect(decision.declineReason).toBe('noPaidPlan');
  });

  it('accepts an unauthenticated sender but flags it for ops', () => {
    const decision = expectOutcome(
      decideScenario({
        policy: 'fastnetmon',
        mail: mail('fcli help', 'fcli does not start on 1.2.8', { authenticated: false }),
        customer: subscriber,
      }),
      'accept',
    );
    expect(decision.opsFlags).toContain('unauthenticatedSender');
    expect(decision.case.queuePriority).toBe(0); // FIFO stays FIFO
  });

  it('gives an unauthenticated sender nothing the plan promises: no targets, no quota', () => {
    const forged = expectOutcome(
      decideScenario({
        policy: 'fastnetmon',
        mail: mail('fcli help', 'fcli does not start on 1.2.8', { authenticated: false }),
        customer: subscriber,
      }),
      'accept',
    );
    const genuine = expectOutcome(
      decideScenario({
        policy: 'fastnetmon',
        mail: mail('fcli help', 'fcli does not start on 1.2.8'),
        customer: subscriber,
      }),
      'accept',
    );
    expect(genuine.case.targets.length).toBeGreaterThan(0);
    expect(genuine.countsTowardQuota).toBe(true);
    expect(forged.case.targets).toEqual([]);
    expect(forged.countsTowardQuota).toBe(false);
    expect(forged.notices).toContain('unverifiedSender');
    expect(forged.vars.firstResponseDue).toBeUndefined();
  });

  it('uses the decision clock, not the mail date', () => {
    const decision = expectOutcome(
      decideScenario({
        policy: 'fastnetmon',
        mail: mail('fcli help', 'fcli does not start on 1.2.8', { date: new Date('2020-01-01T00:00:00Z') }),
        customer: subscriber,
      }),
      'accept',
    );
    expect(decision.case.targets[0]?.due?.getTime()).toBeGreaterThan(NOW.getTime());
  });
});
