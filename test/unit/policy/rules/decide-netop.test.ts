import { describe, expect, it } from 'vitest';
import type { AccountFacts } from '../../../../src/policy/decision-types.js';
import { customer, decideScenario, expectOutcome, mail } from './support.js';

// Netop (seed 001): severity by impact, one level down with a workaround, subject tag wins;
// registered licence required; resellers are first level; critical acks carry a phone line.

const licensee = customer({ accountId: 'hospital-9', accountName: 'Aarhus Hospital IT', planId: 'standard' });

function netop(subject: string, body: string) {
  return expectOutcome(
    decideScenario({ policy: 'netop', mail: mail(subject, body), customer: licensee }),
    'accept',
  );
}

describe('Netop: severity by impact, one level down with a workaround', () => {
  it.each([
    // [title, subject, body, severity]
    [
      'production impacted → critical',
      'Host crashes on all terminals',
      'In our production environment the Netop Host service crashes on all 40 terminals every hour since Monday.',
      'critical',
    ],
    [
      'production + workaround → high',
      'Host crashes on terminals',
      'The Netop Host crashes on our production terminals. As a workaround we restart the service every morning.',
      'high',
    ],
    [
      'production + "no workaround" stays critical',
      'Guest cannot connect',
      'Since the update no Guest can connect to the live environment. There is no workaround, we are blocked.',
      'critical',
    ],
    [
      'production + asking for a workaround stays critical',
      'Guest cannot connect',
      'Guests cannot connect to production hosts. Is there a workaround we could use until a fix?',
      'critical',
    ],
    [
      'lab impacted → high',
      'Deployment fails in lab',
      'While testing version 12.8 in our lab environment the silent installer stops with error 1603.',
      'high',
    ],
    [
      'lab + workaround → medium',
      'Deployment fails in lab',
      'In the lab the silent installer stops with error 1603; installing by hand works around it for now (workaround).',
      'medium',
    ],
    [
      '"not in production" is not production → lab → high',
      'Pilot issue',
      'This is not in production yet, only in our test environment: the Guest shows a black screen.',
      'high',
    ],
    [
      'a question → medium',
      'Question about logging',
      'How do I enable the extended log for the Netop Host? We want to keep it for 30 days.',
      'medium',
    ],
    [
      'a question + workaround → low',
      'Minor display issue',
      'A minor thing: the tray icon is missing after login. We use a workaround (restart explorer) so no hurry.',
      'low',
    ],
    [
      'no impact stated → medium',
      'Licence renewal',
      'Please tell us what we need to send for the renewal of our licence.',
      'medium',
    ],
  ])('%s', (_title, subject, body, severity) => {
    const decision = netop(subject, body);
    expect(decision.case.severity).toBe(severity);
  });
});

describe('Netop: an explicit severity in the subject wins over the rules', () => {
  it.each([
    [
      '[Critical] wins over a lab mail',
      '[Critical] Guest black screen',
      'Only seen in our lab so far.',
      'critical',
    ],
    [
      '[Low] wins over production words',
      '[Low] cosmetic label in production',
      'A label is cut off in production.',
      'low',
    ],
    [
      'a tagged severity is not lowered by a workaround',
      'Severity: High - Host service stops',
      'The Host stops on our production servers; we have a workaround.',
      'high',
    ],
    [
      'non-critical is not critical',
      'Non-critical: how do I export settings',
      'How do I export the settings?',
      'medium',
    ],
  ])('%s', (_title, subject, body, severity) => {
    const decision = netop(subject, body);
    expect(decision.case.severity).toBe(severity);
    expect(decision.case.severitySource).toBe(
      subject.startsWith('Non-critical') ? 'impactRule' : 'subjectTag',
    );
  });
});

describe('Netop: targets, release plan and the 24-hour ack', () => {
  it('gives a critical case 2h / 5 / 20 business days on Mon–Fri 08–16 Copenhagen', () => {
    const decision = netop('Production down', 'Our production Host servers refuse all connections.');
    expect(decision.case.targets.map((t) => [t.name, t.due?.toISOString()])).toEqual([
      ['firstResponse', '2025-06-10T11:00:00.000Z'], // Tue 11:00 + 2h = 13:00 CEST
      ['resolution1', '2025-06-17T09:00:00.000Z'], // 5 business days later
      ['resolution2', '2025-07-08T09:00:00.000Z'], // 20 business days later
    ]);
  });

  it.each([
    ['critical', 'Production down', 'Our production Host servers refuse all connections.', 'Hot fix'],
    ['high', 'Lab issue', 'The lab Host servers refuse all connections.', 'Hot fix or next release'],
    ['medium', 'Question', 'How do I change the port?', 'Future release'],
  ])('shows the %s release plan in the ack', (_severity, subject, body, releasePlan) => {
    const decision = netop(subject, body);
    expect(decision.notices).toContain('releasePlan');
    expect(decision.vars.releasePlan).toBe(releasePlan);
  });
});

describe('Netop: critical acks ask for a phone follow-up, reseller number first', () => {
  const body = 'Our production environment is down: no Guest can reach any Host.';

  it.each([
    ['no reseller: the policy number', undefined, '+45 0000 0000'],
    [
      'a reseller with a phone: the reseller number',
      { name: 'Nordic IT', email: 'support@nordic-it.example', phone: '+45 7010 2030' },
      '+45 7010 2030',
    ],
    [
      'a reseller without a phone: the policy number',
      { name: 'Nordic IT', email: 'support@nordic-it.example' },
      '+45 0000 0000',
    ],
  ])('%s', (_title, reseller, phone) => {
    const decision = expectOutcome(
      decideScenario({
        policy: 'netop',
        mail: mail('Outage', body),
        customer: reseller === undefined ? licensee : { ...licensee, reseller },
      }),
      'accept',
    );
    expect(decision.case.severity).toBe('critical');
    expect(decision.notices).toContain('phoneFollowUp');
    expect(decision.vars.phone).toBe(phone);
  });

  it('gives no phone line to a sender that did not authenticate', () => {
    const decision = expectOutcome(
      decideScenario({
        policy: 'netop',
        mail: mail('Outage', body, { authenticated: false }),
        customer: licensee,
      }),
      'accept',
    );
    expect(decision.notices).not.toContain('phoneFollowUp');
    expect(decision.vars.phone).toBeUndefined();
    expect(decision.notices).toContain('unverifiedSender');
  });

  it('gives no phone line below critical', () => {
    const decision = netop('Lab issue', 'Only the lab environment is affected.');
    expect(decision.notices).not.toContain('phoneFollowUp');
    expect(decision.vars.phone).toBeUndefined();
  });
});

describe('Netop: resellers are first-level support', () => {
  it('forwards the case of a reseller customer to the reseller', () => {
    const reseller = { name: 'Nordic IT', email: 'support@nordic-it.example', phone: '+45 7010 2030' };
    const decision = expectOutcome(
      decideScenario({
        policy: 'netop',
        mail: mail('Question', 'How do I change the Host port?'),
        customer: { ...licensee, reseller },
      }),
      'accept',
    );
    expect(decision.case.forwardToReseller).toEqual(reseller);
    expect(decision.notices).toContain('forwardedToReseller');
    expect(decision.vars.resellerName).toBe('Nordic IT');
  });

  it('handles a direct customer itself', () => {
    expect(netop('Question', 'How do I change the Host port?').case.forwardToReseller).toBeNull();
  });
});

describe('Netop: a registered licence is required', () => {
  const account: AccountFacts = {
    accountId: 'hospital-9',
    accountName: 'Aarhus Hospital IT',
    planId: 'standard',
    licenceKey: 'NTP1-7K3Q-22XH-9MZD',
  };
  const stranger = { from: 'newadmin@hospital.example', fromName: 'Mette Jensen' };

  it.each([
    ['as written', 'Our licence key is NTP1-7K3Q-22XH-9MZD.'],
    ['in lower case', 'license key: ntp1-7k3q-22xh-9mzd'],
  ])('accepts an unknown sender quoting a known key (%s) and records a new contact', (_title, keyLine) => {
    const decision = expectOutcome(
      decideScenario({
        policy: 'netop',
        mail: mail(
          'Host will not start',
          `Hello, I am the new administrator.\n${keyLine}\nThe Host will not start in production.`,
          stranger,
        ),
        customer: null,
        knownLicenceKeys: { 'NTP1-7K3Q-22XH-9MZD': account },
      }),
      'accept',
    );
    expect(decision.accountId).toBe('hospital-9');
    expect(decision.case.recordContact).toEqual({
      accountId: 'hospital-9',
      email: 'newadmin@hospital.example',
      name: 'Mette Jensen',
      licenceKey: 'NTP1-7K3Q-22XH-9MZD',
    });
    expect(decision.opsFlags).toContain('newContactByLicence');
    expect(decision.case.severity).toBe('critical');
    expect(decision.countsTowardQuota).toBe(true);
  });

  it('asks an unknown sender without a key to register or quote it', () => {
    const decision = expectOutcome(
      decideScenario({
        policy: 'netop',
        mail: mail('Help', 'Our Netop Guest cannot connect, please help.', stranger),
        customer: null,
        knownLicenceKeys: {},
      }),
      'registerLicence',
    );
    expect(decision).toMatchObject({
      template: 'registerLicence',
      unknownLicenceKeys: [],
      countsTowardQuota: false,
    });
  });

  it('asks again when the quoted key is not known, naming it', () => {
    const decision = expectOutcome(
      decideScenario({
        policy: 'netop',
        mail: mail('Help', 'Licence: ABCD-1234-EFGH-5678. Guest cannot connect.', stranger),
        customer: null,
        knownLicenceKeys: { 'NTP1-7K3Q-22XH-9MZD': account },
      }),
      'registerLicence',
    );
    expect(decision.unknownLicenceKeys).toEqual(['ABCD-1234-EFGH-5678']);
    expect(decision.vars.quotedLicenceKeys).toBe('ABCD-1234-EFGH-5678');
  });

  it('puts a registered contact without a plan on the standard plan', () => {
    const decision = expectOutcome(
      decideScenario({
        policy: 'netop',
        mail: mail('Question', 'How do I change the Host port?'),
        customer: { ...licensee, planId: null },
      }),
      'accept',
    );
    expect(decision.case.planId).toBe('standard');
    expect(decision.case.targets).toHaveLength(3);
  });
});
