import { describe, expect, it } from 'vitest';
import type { CustomerFacts } from '../../../../src/policy/decision-types.js';
import { customer, decideScenario, expectOutcome, mail } from './support.js';

// Kolmisoft MOR (seed 003): no plan or free = paid support at 100 EUR/h except bugs on the two
// latest versions; the "not included" lists are paid services; enterprise gets configuration
// work done, premium/basic only checked; queue by plan then priority.

const onPlan = (planId: string | null): CustomerFacts =>
  customer({ accountId: `voip-${planId ?? 'none'}`, accountName: 'Baltic Voice', planId });

function kolmisoft(
  subject: string,
  body: string,
  who: CustomerFacts | null = onPlan('premium'),
  authenticated = true,
) {
  return decideScenario({ policy: 'kolmisoft', mail: mail(subject, body, { authenticated }), customer: who });
}

describe('Kolmisoft: no plan or free plan is paid support', () => {
  it.each([
    ['a directory entry without a plan', onPlan(null), null],
    ['a sender not in the directory', null, null],
    ['a free plan', onPlan('free'), 'free'],
  ])('accepts %s as paid support at 100 EUR/h, without targets', (_title, who, planId) => {
    const decision = expectOutcome(
      kolmisoft(
        'Calls drop after 30 seconds',
        'Hello, on our MOR X7 all calls to one provider drop after 30 seconds.',
        who,
      ),
      'accept',
    );
    expect(decision.case.billing).toEqual({ kind: 'paidHourly', hourlyRate: 100, currency: 'EUR' });
    expect(decision.notices).toContain('paidSupportRate');
    expect(decision.vars).toMatchObject({
      hourlyRate: 100,
      currency: 'EUR',
      paidSupportUrl: 'http://support.kolmisoft.com',
    });
    expect(decision.case.planId).toBe(planId);
    expect(decision.case.targets).toEqual([]);
  });

  it.each([
    [
      'a bug on X8 (latest) is free',
      'Invoice totals wrong',
      'Since the update to MOR X8 the invoice totals are wrong, this looks like a bug.',
      'freeBugFix',
    ],
    [
      'a bug on X7 (second latest) is free',
      'Crash',
      'MOR X7 GUI throws an exception when opening the CDR page. Bug?',
      'freeBugFix',
    ],
    [
      'a bug on X6 (older) is paid',
      'Invoice totals wrong',
      'On MOR X6 the invoice totals are wrong, this looks like a bug.',
      'paidHourly',
    ],
    [
      'a bug without a version is paid',
      'Invoice totals wrong',
      'The invoice totals are wrong, this looks like a bug.',
      'paidHourly',
    ],
    [
      'a misconfiguration on X8 is paid',
      'Rates',
      'On MOR X8 our new rates do not apply to the reseller tariffs.',
      'paidHourly',
    ],
  ])('%s', (_title, subject, body, billing) => {
    const decision = expectOutcome(kolmisoft(subject, body, onPlan('free')), 'accept');
    expect(decision.case.billing.kind).toBe(billing);
    expect(decision.notices.includes('paidSupportRate')).toBe(billing === 'paidHourly');
  });

  it('bills a plan customer through the plan', () => {
    expect(expectOutcome(kolmisoft('Error', 'Error on the invoices page.'), 'accept').case.billing).toEqual({
      kind: 'plan',
    });
  });
});

describe('Kolmisoft: "not included" work is offered as a paid service', () => {
  it.each([
    [
      'MySQL replication',
      'Replication',
      'Please set up MySQL replication to our second server.',
      'mysql-replication',
    ],
    [
      'VPN',
      'VPN to provider',
      'Our provider requires a VPN tunnel, can you configure it on the MOR server?',
      'firewall-network',
    ],
    ['iptables', 'Block IPs', 'Please add iptables rules to block these SIP scanners.', 'firewall-network'],
    ['SNMP', 'Monitoring', 'We want to monitor the server with SNMP, please enable it.', 'snmp'],
    ['DAHDI', 'E1', 'Please install the DAHDI drivers on our MOR server.', 'zaptel-dahdi'],
    [
      'server migration',
      'New hardware',
      'We bought a new server, please migrate to the new server this weekend.',
      'server-migration',
    ],
    [
      're-installation after a crash',
      'Server crashed',
      'Our disk died, please reinstall MOR on the replacement server.',
      'server-reinstallation',
    ],
    [
      're-partitioning',
      'Disk full',
      'The /var partition is full, can you resize the partitions?',
      'partitions-storage',
    ],
    [
      'heartbeat / redundancy',
      'Failover',
      'Please fix the heartbeat between our two MOR servers.',
      'redundancy',
    ],
    [
      'custom development',
      'Feature',
      'We need a new feature: a custom CDR export in our own format. Custom development is fine.',
      'custom-development',
    ],
  ])('%s', (_title, subject, body, exclusionId) => {
    const decision = expectOutcome(kolmisoft(subject, body), 'paidOffer');
    expect(decision).toMatchObject({ template: 'paidSupport', exclusionId, countsTowardQuota: false });
    expect(decision.vars).toMatchObject({
      hourlyRate: 100,
      currency: 'EUR',
      paidSupportUrl: 'http://support.kolmisoft.com',
    });
  });

  it('offers it as paid to enterprise too (not in their full service either)', () => {
    const decision = kolmisoft(
      'Replication',
      'Please set up MySQL replication to our second server.',
      onPlan('enterprise'),
    );
    expect(decision.outcome).toBe('paidOffer');
  });
});

describe('Kolmisoft: configuration work is done for enterprise, only checked for premium/basic', () => {
  const subject = 'New provider';
  const body = 'Please add a new provider and upload the rates from the attached file.';

  it('accepts the enterprise request as full service', () => {
    const decision = expectOutcome(kolmisoft(subject, body, onPlan('enterprise')), 'accept');
    expect(decision.notices).not.toContain('checkOnly');
  });

  it.each(['premium', 'basic'])('accepts the %s request with the check-only note', (planId) => {
    const decision = expectOutcome(kolmisoft(subject, body, onPlan(planId)), 'accept');
    expect(decision.notices).toContain('checkOnly');
    expect(decision.vars.checkOnlyTopics).toBe('Configuration work done for you');
  });

  it('does not add the note to paid hourly work', () => {
    const decision = expectOutcome(kolmisoft(subject, body, onPlan(null)), 'accept');
    expect(decision.notices).not.toContain('checkOnly');
    expect(decision.notices).toContain('paidSupportRate');
  });
});

describe('Kolmisoft: priorities', () => {
  it.each([
    [
      'system down → blocker',
      'URGENT',
      'The system is down, no calls are going through since 08:15.',
      'blocker',
    ],
    [
      'degraded → high',
      'Quality',
      'Since the morning many calls drop after a few seconds and we hear one-way audio.',
      'high',
    ],
    ['impaired → medium', 'Invoices', 'There is an error on the invoices page for two resellers.', 'medium'],
    [
      'configuration help → low',
      'Question',
      'How to configure LCR so that the cheapest provider is used first?',
      'low',
    ],
    ['nothing stated → medium', 'Hello', 'Please call me back tomorrow.', 'medium'],
    ['"Blocker" in the subject wins', 'Blocker: invoices', 'How to change the invoice logo?', 'blocker'],
    [
      '"low priority" in the subject wins',
      'Low priority - server down?',
      'The server is down in our test lab only.',
      'low',
    ],
  ])('%s', (_title, subject, body, severity) => {
    expect(expectOutcome(kolmisoft(subject, body), 'accept').case.severity).toBe(severity);
  });

  it.each([
    // [plan, subject, body, target calendar, due]: Tue 12:00 Vilnius
    ['enterprise', 'Down', 'The system is down, no calls.', 'emergency', '2025-06-10T10:00:00.000Z'],
    ['premium', 'Invoices', 'There is an error on the invoices page.', 'working', '2025-06-10T12:00:00.000Z'],
    ['basic', 'Question', 'How to configure LCR for a new tariff?', 'working', '2025-06-11T12:00:00.000Z'],
  ])('runs the %s reaction target on the right calendar', (planId, subject, body, calendar, due) => {
    const decision = expectOutcome(kolmisoft(subject, body, onPlan(planId)), 'accept');
    expect(decision.case.targets.map((t) => [t.name, t.calendar, t.due?.toISOString()])).toEqual([
      ['firstResponse', calendar, due],
    ]);
  });
});

describe('Kolmisoft: queue order is plan first, then priority', () => {
  it('orders enterprise > premium > basic > free > no plan, then blocker > low, unauthenticated last', () => {
    const down = ['Down', 'The system is down, no calls.'] as const;
    const howTo = ['Question', 'How to configure LCR?'] as const;
    const cases = {
      enterpriseBlocker: kolmisoft(...down, onPlan('enterprise')),
      enterpriseLow: kolmisoft(...howTo, onPlan('enterprise')),
      premiumBlocker: kolmisoft(...down, onPlan('premium')),
      basicBlocker: kolmisoft(...down, onPlan('basic')),
      freeBlocker: kolmisoft(...down, onPlan('free')),
      noPlanBlocker: kolmisoft(...down, onPlan(null)),
      unauthenticatedEnterpriseBlocker: kolmisoft(...down, onPlan('enterprise'), false),
    };
    const priorities = Object.entries(cases).map(([name, decision]) => [
      name,
      expectOutcome(decision, 'accept').case.queuePriority,
    ]);
    const sorted = [...priorities].sort((a, b) => Number(a[1]) - Number(b[1]));
    expect(sorted.map(([name]) => name)).toEqual(Object.keys(cases));
    expect(new Set(priorities.map(([, priority]) => priority)).size).toBe(priorities.length);
    expect(expectOutcome(cases.unauthenticatedEnterpriseBlocker, 'accept').opsFlags).toContain(
      'unauthenticatedSender',
    );
  });
});
