import { describe, expect, it } from 'vitest';
import { customer, decideScenario, expectOutcome, mail } from './support.js';

// Perfana (seed 002): free is community only; administrators and account holders only; EOL,
// pre-release and expired maintenance are not supported; a long not-included list; English and
// Dutch; SEV1–SEV4; enterprise SEV1 acks carry the phone line.

const team = customer({
  accountId: 'bank-7',
  accountName: 'Rijnland Bank',
  planId: 'team',
  maintenanceUntil: '2026-01-31',
  administrator: { name: 'Sanne de Vries', email: 'sanne@rijnland.example' },
});
const enterprise = {
  ...team,
  accountId: 'insurer-3',
  accountName: 'Delta Verzekeringen',
  planId: 'enterprise',
};

function perfana(subject: string, body: string, who = team, now?: Date) {
  return decideScenario({
    policy: 'perfana',
    mail: mail(subject, body),
    customer: who,
    ...(now ? { now } : {}),
  });
}

describe('Perfana: who may open a case', () => {
  it('points a free account to the community', () => {
    const decision = expectOutcome(
      perfana('Dashboard question', 'How do I add a Grafana panel to a Perfana test run? Perfana 4.0.1.', {
        ...team,
        planId: 'free',
      }),
      'redirect',
    );
    expect(decision).toMatchObject({
      template: 'communityPointer',
      redirectTo: 'community',
      countsTowardQuota: false,
    });
    expect(decision.vars.pointerUrl).toBe('https://perfana.io/community');
  });

  it('points a sender who is not in the directory to the community', () => {
    const decision = expectOutcome(
      decideScenario({
        policy: 'perfana',
        mail: mail('Help', 'Perfana 4.0.1 shows an error on login.'),
        customer: null,
      }),
      'redirect',
    );
    expect(decision.template).toBe('communityPointer');
  });

  it('redirects an end-user to their administrator', () => {
    const decision = expectOutcome(
      perfana(
        'Cannot see my test runs',
        'Hi, I cannot see the test runs of my team in Perfana 4.0.1. Can you give me access?',
        {
          ...team,
          role: 'end-user',
        },
      ),
      'redirect',
    );
    expect(decision).toMatchObject({ template: 'endUserRedirect', redirectTo: 'administrator' });
    expect(decision.vars).toMatchObject({
      administratorEmail: 'sanne@rijnland.example',
      administratorName: 'Sanne de Vries',
    });
  });

  it.each(['administrator', 'account-holder', 'contact'] as const)('accepts a %s', (role) => {
    expectOutcome(
      perfana('Error', 'Perfana 4.0.1 shows an error when saving a test run.', { ...team, role }),
      'accept',
    );
  });

  it('declines when maintenance ended before today', () => {
    const decision = expectOutcome(
      perfana('Error', 'Perfana 4.0.1 shows an error when saving a test run.', {
        ...team,
        maintenanceUntil: '2025-05-31',
      }),
      'decline',
    );
    expect(decision).toMatchObject({ template: 'notEligible', declineReason: 'maintenanceExpired' });
    expect(decision.vars.maintenanceUntil).toBe('2025-05-31');
  });

  it('still supports on the last day of maintenance', () => {
    expectOutcome(
      perfana('Error', 'Perfana 4.0.1 shows an error when saving a test run.', {
        ...team,
        maintenanceUntil: '2025-06-10',
      }),
      'accept',
    );
  });
});

describe('Perfana: versions', () => {
  it.each([
    [
      'SNAPSHOT',
      'We deployed Perfana 4.1.0-SNAPSHOT and the dashboard throws an exception.',
      '4.1.0-SNAPSHOT',
    ],
    ['beta', 'On version 4.1.0-beta.2 the login page is blank.', '4.1.0-beta.2'],
    ['release candidate', 'Perfana 4.1.0-RC1 fails to start.', '4.1.0-RC1'],
    ['milestone', 'Perfana 4.1.0-M2 shows wrong percentiles.', '4.1.0-M2'],
    [
      'release candidate in prose',
      'We are testing the release candidate and the API returns 500.',
      'release candidate',
    ],
  ])('declines a %s version as not supported', (_title, body, version) => {
    const decision = expectOutcome(perfana('Problem', body), 'decline');
    expect(decision).toMatchObject({ template: 'unsupportedVersion', declineReason: 'preReleaseVersion' });
    expect(decision.vars.version).toBe(version);
  });

  it.each([
    [
      '2.2.x ended two years after 2.3 came out',
      'Perfana 2.2.4 shows an error when saving a test run.',
      '2024-09-05',
    ],
    ['older than every listed line', 'We run Perfana 2.1.3 and the import fails.', undefined],
  ])('declines an end-of-life version: %s', (_title, body, endOfLifeDate) => {
    const decision = expectOutcome(perfana('Error', body), 'decline');
    expect(decision).toMatchObject({ template: 'endOfLife', declineReason: 'endOfLife' });
    expect(decision.vars.endOfLifeDate).toBe(endOfLifeDate);
  });

  it('gives an end-of-life version upgrade help', () => {
    const decision = expectOutcome(
      perfana(
        'Upgrade from 2.2',
        'We are still on Perfana 2.2.4 and would like to upgrade to 4.0. What is the upgrade path?',
      ),
      'accept',
    );
    expect(decision.notices).toContain('endOfLifeUpgradeOnly');
  });

  it.each([
    // 2.3 is supported for two years after 3.0 (2023-06-12): through 11 June 2025.
    ['2025-06-11T21:59:00Z', 'accept'],
    ['2025-06-11T22:00:00Z', 'decline'], // midnight in Amsterdam
  ])('ends 2.3 support at local midnight (now %s → %s)', (nowIso, outcome) => {
    const decision = perfana(
      'Error',
      'Perfana 2.3.1 shows an error when saving a test run.',
      team,
      new Date(nowIso),
    );
    expect(decision.outcome).toBe(outcome);
  });

  it('takes the version from the directory when the mail has none', () => {
    const decision = perfana('Error', 'The dashboard shows an error when saving a test run.', {
      ...team,
      productVersion: '2.2.9',
    });
    expect(expectOutcome(decision, 'decline').template).toBe('endOfLife');
  });
});

describe('Perfana: what support does not include', () => {
  it.each([
    [
      'performance tuning',
      'Slow queries',
      'Can you help with performance tuning of our Perfana MongoDB? Perfana 4.0.1.',
      'performance-tuning',
    ],
    [
      'training',
      'Training request',
      'We would like a training for our new test engineers on Perfana.',
      'training',
    ],
    [
      'capacity planning',
      'Sizing',
      'We need capacity planning for 200 concurrent test runs.',
      'deployment-capacity',
    ],
    [
      'third-party integration',
      'LDAP',
      'Please help us configure LDAP for Perfana 4.0.1 against our Active Directory.',
      'third-party-integration',
    ],
    [
      'consultancy',
      'Architecture',
      'Could you review our architecture for performance testing in the pipeline?',
      'consultancy',
    ],
    [
      'upgrade services',
      'Upgrade',
      'Could you do the upgrade for us this weekend? We are on Perfana 3.0.2.',
      'implementation-services',
    ],
    [
      'a customized version',
      'Broken build',
      'We modified the source of the dashboard and now it fails to build.',
      'customized-versions',
    ],
    ['development', 'Plugin', 'How do we write a plugin that adds a custom check to Perfana?', 'development'],
  ])('declines %s', (_title, subject, body, exclusionId) => {
    const decision = expectOutcome(perfana(subject, body), 'decline');
    expect(decision).toMatchObject({ template: 'outOfScope', exclusionId });
    expect(decision.vars.pointerUrl).toBe('https://docs.perfana.io');
  });
});

describe('Perfana: English and Dutch', () => {
  it('accepts a Dutch mail and replies in Dutch', () => {
    const decision = expectOutcome(
      perfana(
        'Dashboard werkt niet',
        'Hallo, sinds de update naar Perfana 4.0.1 werkt het dashboard niet meer. Kunnen jullie helpen? Met vriendelijke groet, Sanne',
      ),
      'accept',
    );
    expect(decision).toMatchObject({ detectedLanguage: 'nl', replyLanguage: 'nl' });
    expect(decision.notices).not.toContain('languageNotice');
  });

  it('accepts a German mail with a language notice, replying in English', () => {
    const decision = expectOutcome(
      perfana(
        'Dashboard funktioniert nicht',
        'Hallo, seit dem Update auf Perfana 4.0.1 funktioniert das Dashboard nicht mehr. Können Sie bitte helfen? Danke',
      ),
      'accept',
    );
    expect(decision).toMatchObject({ detectedLanguage: 'de', replyLanguage: 'en' });
    expect(decision.notices).toContain('languageNotice');
  });

  it('lets the mail language win over the directory preference', () => {
    const decision = perfana(
      'Error on save',
      'Hi, saving a test run gives an error since this morning. Can you please have a look?',
      {
        ...team,
        language: 'nl',
      },
    );
    expect(decision.replyLanguage).toBe('en');
  });

  it('falls back to the directory preference when the mail is too short to tell', () => {
    expect(perfana('HTTP 500', 'HTTP 500 on /api/testrun', { ...team, language: 'nl' }).replyLanguage).toBe(
      'nl',
    );
  });
});

describe('Perfana: SEV1–SEV4', () => {
  it.each([
    [
      'production down → sev1',
      'Perfana down',
      'Production is down: nobody can open Perfana since 10:00.',
      'sev1',
    ],
    [
      'security issue → sev1',
      'Security',
      'We found a security vulnerability in the login of Perfana 4.0.1.',
      'sev1',
    ],
    [
      'serious degradation → sev2',
      'Very slow',
      'Dashboards are very slow since yesterday, 30 seconds per page.',
      'sev2',
    ],
    ['an error → sev3', 'Export fails', 'Exporting a test run to PDF fails with an error.', 'sev3'],
    ['a question → sev4', 'Question', 'Is it possible to compare three test runs in one view?', 'sev4'],
    [
      'nothing stated → sev3',
      'Test runs',
      'The test runs of last week show other numbers than before.',
      'sev3',
    ],
    [
      'an explicit SEV2 tag wins',
      '[SEV2] question about the export',
      'Is it possible to export to CSV?',
      'sev2',
    ],
  ])('%s', (_title, subject, body, severity) => {
    expect(expectOutcome(perfana(subject, body), 'accept').case.severity).toBe(severity);
  });
});

describe('Perfana: targets and the phone line', () => {
  const down = ['Perfana down', 'Production is down: nobody can open Perfana 4.0.1 since 10:00.'] as const;

  it('gives team SEV1 2 office hours and no phone', () => {
    const decision = expectOutcome(perfana(...down), 'accept');
    expect(decision.case.targets.map((t) => [t.name, t.calendar, t.due?.toISOString()])).toEqual([
      ['firstResponse', 'office', '2025-06-10T11:00:00.000Z'],
    ]);
    expect(decision.notices).not.toContain('phoneFollowUp');
  });

  it('gives enterprise SEV1 1 hour on the enterprise calendar and the phone line', () => {
    const decision = expectOutcome(perfana(...down, enterprise), 'accept');
    expect(decision.case.targets.map((t) => [t.name, t.calendar, t.due?.toISOString()])).toEqual([
      ['firstResponse', 'enterprise', '2025-06-10T10:00:00.000Z'],
    ]);
    expect(decision.notices).toContain('phoneFollowUp');
    expect(decision.vars.phone).toBe('+31 00 000 0000');
  });

  it('gives enterprise SEV2 no phone line', () => {
    const decision = expectOutcome(
      perfana('Slow', 'Dashboards are very slow on Perfana 4.0.1.', enterprise),
      'accept',
    );
    expect(decision.case.severity).toBe('sev2');
    expect(decision.notices).not.toContain('phoneFollowUp');
  });
});
