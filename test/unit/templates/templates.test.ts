import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { TemplateRenderer, type TemplateVars } from '../../../src/mail/template-renderer.js';

// Renders every template through the real renderer with the variables the triage/notify steps
// pass: the decision's own vars (flat: topic, hourlyRate, phone, ...) merged with the notify
// step's (customer, account, policy, plan, severity, targets, notices as an { id: true } map).

const TEMPLATES_DIR = 'templates';
const renderer = new TemplateRenderer(TEMPLATES_DIR);

const POLICY_IDS = ['fastnetmon', 'netop', 'perfana', 'kolmisoft'] as const;
type PolicyId = (typeof POLICY_IDS)[number];

interface PolicyFile {
  id: string;
  name: string;
  casePrefix: string;
}
const POLICIES = Object.fromEntries(
  POLICY_IDS.map((id) => [id, parse(readFileSync(`config/policies/${id}.yaml`, 'utf8')) as PolicyFile]),
) as Record<PolicyId, PolicyFile>;

/** Replies to the customer; every one is signed "<policy name> support". */
const CUSTOMER_TEMPLATES = [
  'ack',
  'followUpReceived',
  'outOfScope',
  'paidOffer',
  'paidSupport',
  'overQuota',
  'upgradeRequired',
  'unsupportedPlatform',
  'endOfLife',
  'unsupportedVersion',
  'notEligible',
  'communityPointer',
  'endUserRedirect',
  'registerLicence',
  'languageNotice',
] as const;
/** Mails to people on our side: the reseller (first level), ops, the engineers' team. */
const INTERNAL_TEMPLATES = [
  'resellerForward',
  'opsAlert',
  'newCaseNotice',
  'followUpNotice',
  'threadConflict',
  'unknownCommand',
  'attachmentsDelivery',
] as const;
/** An engineer's own answer relayed to the customer: their words, our case footer. */
const RELAY_TEMPLATES = ['engineerAnswer'] as const;
const ALL_TEMPLATES = [...CUSTOMER_TEMPLATES, ...INTERNAL_TEMPLATES, ...RELAY_TEMPLATES];

/** Perfana answers in Dutch where a template exists: every reply Perfana can send. */
const PERFANA_DUTCH = [
  'ack',
  'followUpReceived',
  'outOfScope',
  'endOfLife',
  'unsupportedVersion',
  'notEligible',
  'communityPointer',
  'endUserRedirect',
] as const;

const DUE = 'Tuesday 25 November 2026, 10:00 CET';
const DUE2 = 'Tuesday 2 December 2026, 10:00 CET';
const DUE3 = 'Tuesday 23 December 2026, 10:00 CET';
const EVIL = '<script>alert("x")</script> & the server is down';
const PHONES = ['+45 70 20 30 40', '+31 00 000 0000', '+45 0000 0000'];

function target(name: string, label: string, dueLocal: string, inWords: string) {
  return { name, label, dueLocal, dueIso: '2026-11-25T10:00:00+01:00', inWords };
}

/** Severity, plan and targets as each policy's realistic case would have them. */
const CASES: Record<
  PolicyId,
  { plan: string; planLabel: string; severity: { id: string; label: string }; targets: unknown[] }
> = {
  fastnetmon: {
    plan: 'advanced',
    planLabel: 'FastNetMon Advanced subscription',
    severity: { id: 'normal', label: 'Normal' },
    targets: [target('firstResponse', 'first response', DUE, 'within 12 business hours')],
  },
  netop: {
    plan: 'standard',
    planLabel: 'Netop Advantage',
    severity: { id: 'critical', label: 'Critical' },
    targets: [
      target('firstResponse', 'first response', DUE, 'within 2 business hours'),
      target('resolution1', 'first-level resolution', DUE2, 'within 5 business days'),
      target('resolution2', 'second-level resolution', DUE3, 'within 20 business days'),
    ],
  },
  perfana: {
    plan: 'enterprise',
    planLabel: 'Enterprise',
    severity: { id: 'sev1', label: 'SEV1' },
    targets: [target('firstResponse', 'first response', DUE, 'within 1 hour')],
  },
  kolmisoft: {
    plan: 'premium',
    planLabel: 'Premium',
    severity: { id: 'blocker', label: 'Blocker' },
    targets: [target('firstResponse', 'first response', DUE, 'within 3 hours')],
  },
};

/** What the notify step passes for one policy: base vars + a realistic case, then `extra` on top. */
function varsFor(policyId: PolicyId, extra: TemplateVars = {}): TemplateVars {
  const policy = POLICIES[policyId];
  const c = CASES[policyId];
  return {
    // Decision vars (decide/context.ts baseFields and build-accept severityVars).
    policyName: policy.name,
    supportedLanguages: policyId === 'perfana' ? 'en, nl' : 'en',
    accountName: 'ACME Networks',
    contactName: 'Casey Customer',
    severityLabel: c.severity.label,
    planId: c.plan,
    planLabel: c.planLabel,
    // Notify-step vars (notify-requests.ts baseVars, triage-stage.ts requestMails).
    customer: { name: 'Casey Customer', email: 'customer@example.test' },
    account: { name: 'ACME Networks' },
    policy: { id: policy.id, name: policy.name },
    plan: c.plan,
    caseId: `${policy.casePrefix}-12`,
    subject: `Re: [${policy.casePrefix}-12] Traffic graphs stopped`,
    severity: c.severity,
    targets: c.targets,
    notices: {},
    customerText: 'Hello,\nour traffic graphs stopped at 09:12.\nRegards, Casey',
    supportAddress: `support@${policy.id}.example.test`,
    ...extra,
  };
}

/** Vars a template needs beyond the base, as decide() produces them. */
const TEMPLATE_VARS: Record<string, TemplateVars> = {
  outOfScope: {
    topic: 'installation or configuration assistance',
    pointerText: 'the list of our partners',
    pointerUrl: 'https://partners.example.test/',
  },
  paidOffer: { topic: 'MySQL replication', hourlyRate: 100, currency: 'EUR', caseId: '' },
  paidSupport: { topic: 'MySQL replication', hourlyRate: 100, currency: 'EUR', caseId: '' },
  overQuota: { limit: 10, count: 10, resetDate: 'Tuesday 1 December 2026', caseId: '' },
  upgradeRequired: { version: '1.2.3', latestVersion: '2.0.368' },
  unsupportedPlatform: { platform: 'CentOS 7' },
  endOfLife: { version: '1.4.2', endOfLifeDate: '2025-03-01', caseId: '' },
  unsupportedVersion: { version: '3.0.0-SNAPSHOT', caseId: '' },
  notEligible: { caseId: '' },
  communityPointer: {
    pointerText: 'the Perfana community Slack',
    pointerUrl: 'https://slack.example.test/perfana',
    caseId: '',
  },
  endUserRedirect: { administratorName: 'Ada Admin', administratorEmail: 'admin@example.test', caseId: '' },
  registerLicence: { quotedLicenceKeys: 'NETOP-XXXX-0000', caseId: '' },
  languageNotice: { caseId: '' },
  resellerForward: { reseller: { name: 'Partner ApS', email: 'reseller@partner.test' } },
  opsAlert: {
    kind: 'breach',
    target: { name: 'firstResponse', label: 'first response', dueLocal: DUE },
    late: '1h30',
    reason: 'first response not met',
  },
  unknownCommand: { command: '#priority high' },
  attachmentsDelivery: {
    attachments: {
      cap: '15 MB',
      part: 'mail 1 of 2',
      attached: [{ filename: 'sip-trace.pdf', size: '3.0 MB' }],
      listed: [],
      unavailable: '',
      tooLarge: [],
      none: false,
    },
  },
};

function render(policyId: PolicyId, id: string, extra: TemplateVars = {}, language?: string) {
  return renderer.render(policyId, id, varsFor(policyId, { ...TEMPLATE_VARS[id], ...extra }), language);
}

/** Template ids the source asks the renderer for: the TemplateId union and literal ids in calls. */
function templateIdsReferencedBySource(): Set<string> {
  const ids = new Set<string>();
  const typesFile = 'src/policy/decision-types.ts';
  if (existsSync(typesFile)) {
    const source = readFileSync(typesFile, 'utf8');
    const union = /export type TemplateId\s*=([^;]*);/.exec(source)?.[1] ?? '';
    for (const m of union.matchAll(/'(\w+)'/g)) ids.add(m[1]!);
    for (const m of source.matchAll(/template:\s*'(\w+)'/g)) ids.add(m[1]!);
  }
  const files = readdirSync('src', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  for (const file of files) {
    const source = readFileSync(join('src', file), 'utf8');
    for (const m of source.matchAll(/(?:internalMail|customerReply)\(\s*\w+,\s*[\w.]+,\s*'(\w+)'/g))
      ids.add(m[1]!);
    for (const m of source.matchAll(/\btemplate:\s*'(\w+)'/g)) ids.add(m[1]!);
  }
  return ids;
}

describe('template files', () => {
  it.each(ALL_TEMPLATES)('%s has a default template', (id) => {
    expect(existsSync(join(TEMPLATES_DIR, 'default', `${id}.txt.hbs`))).toBe(true);
  });

  it('has a default template for every template id in src/policy/decision-types.ts and the pipeline', () => {
    const ids = templateIdsReferencedBySource();
    expect(existsSync('src/policy/decision-types.ts')).toBe(true);
    expect(ids.size).toBeGreaterThan(0);
    const missing = [...ids].filter((id) => !existsSync(join(TEMPLATES_DIR, 'default', `${id}.txt.hbs`)));
    expect(missing).toEqual([]);
  });

  it('has only template files for known ids, languages and policies', () => {
    const known = new Set<string>(ALL_TEMPLATES);
    for (const folder of ['default', ...POLICY_IDS]) {
      for (const file of readdirSync(join(TEMPLATES_DIR, folder))) {
        const m = /^(\w+)(?:\.([a-z]{2}))?\.txt\.hbs$/.exec(file);
        expect(m, `${folder}/${file}`).not.toBeNull();
        expect(known.has(m![1]!), `${folder}/${file}`).toBe(true);
        if (m![2]) expect([folder, m![2]]).toEqual(['perfana', 'nl']);
      }
    }
  });

  it('has a minimal valid HTML layout with title and body', () => {
    const layout = readFileSync(join(TEMPLATES_DIR, 'layout.html.hbs'), 'utf8');
    expect(layout.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(layout).toContain('<meta charset="utf-8">');
    expect(layout).toMatch(/<title>\{\{title\}\}<\/title>/);
    expect(layout).toContain('{{body}}');
    expect(layout).not.toContain('{{{');
    expect(layout.trim().endsWith('</html>')).toBe(true);
  });
});

describe('every template for every policy', () => {
  const combos = POLICY_IDS.flatMap((policyId) => ALL_TEMPLATES.map((id) => [policyId, id] as const));

  it.each(combos)('%s / %s renders cleanly', (policyId, id) => {
    const { text, html } = render(policyId, id);
    expect(text.length).toBeGreaterThan(40);
    expect(text).not.toMatch(/undefined|\[object Object\]|\{\{|\}\}|NaN/);
    expect(text).not.toMatch(/\n{3,}/);
    expect(text).not.toMatch(/[ \t]+\n/);
    expect(text).not.toMatch(/\(\)|\s,|,,|\.\./);
    expect(html).toContain('<br>');
    expect(html).not.toMatch(/\{\{|\}\}/);
  });

  it.each(POLICY_IDS.flatMap((policyId) => CUSTOMER_TEMPLATES.map((id) => [policyId, id] as const)))(
    '%s / %s is signed by the policy support team',
    (policyId, id) => {
      const { text } = render(policyId, id);
      expect(text.trimEnd().endsWith(`${POLICIES[policyId].name} support`)).toBe(true);
      expect(text).toMatch(/^Hello Casey Customer,\n/);
    },
  );

  it.each(POLICY_IDS.flatMap((policyId) => PERFANA_DUTCH.map((id) => [policyId, id] as const)))(
    '%s / %s asked in Dutch: only Perfana answers in Dutch',
    (policyId, id) => {
      const { text } = render(policyId, id, {}, 'nl');
      if (policyId === 'perfana') {
        expect(text).toMatch(/^Beste Casey Customer,\n/);
        expect(text).toContain('Met vriendelijke groet,\nPerfana support');
        expect(text).not.toMatch(/Kind regards|Thank you/);
      } else {
        expect(text).toContain('Kind regards');
      }
    },
  );

  it('renders without optional vars (no customer name, no targets, no pointer)', () => {
    for (const policyId of POLICY_IDS) {
      for (const id of ALL_TEMPLATES) {
        const vars = varsFor(policyId, { customer: { name: '', email: 'x@example.test' }, targets: [] });
        delete vars.contactName;
        const { text } = renderer.render(policyId, id, vars);
        expect(text, `${policyId}/${id}`).not.toMatch(/undefined|\[object Object\]|\n{3,}|\(\)/);
      }
    }
  });
});

describe('ack', () => {
  it.each(POLICY_IDS)('%s ack names the case ID and the due time in words', (policyId) => {
    const { text } = render(policyId, 'ack');
    expect(text).toContain(`${POLICIES[policyId].casePrefix}-12`);
    expect(text).toContain(`[${POLICIES[policyId].casePrefix}-12]`);
    const last = (CASES[policyId].targets as { dueLocal: string; inWords: string }[]).at(-1)!;
    expect(text).toContain(last.dueLocal);
    expect(text).toContain(last.inWords);
  });

  it('shows the severity label from either the decision or the notify step', () => {
    const fromNotify = varsFor('perfana', { severityLabel: '' });
    expect(renderer.render('perfana', 'ack', fromNotify).text).toContain('severity SEV1');
    const fromDecision = varsFor('perfana', { severity: { id: 'sev1', label: '' } });
    expect(renderer.render('perfana', 'ack', fromDecision).text).toContain('severity SEV1');
  });

  it('FastNetMon: initial feedback within 12 hours of support time, FIFO, e-mail only', () => {
    const { text } = render('fastnetmon', 'ack');
    expect(text).toContain(`initial feedback within 12 business hours, by ${DUE}`);
    expect(text).toContain('in the order they arrive');
    expect(text).toContain('e-mail only');
  });

  it('Netop: the ack is the first response; resolution targets and release plan are listed', () => {
    const { text } = render('netop', 'ack', { releasePlan: 'Hot fix', phone: '+45 0000 0000' });
    expect(text).toContain('Your case ID is NETOP-12');
    expect(text).not.toContain('first response:');
    expect(text).toContain(`first-level resolution: within 5 business days, by ${DUE2}`);
    expect(text).toContain(`second-level resolution: within 20 business days, by ${DUE3}`);
    expect(text).toContain('Release plan for this severity: Hot fix.');
  });

  it.each([
    ['critical', 'Critical', 'Hot fix'],
    ['high', 'High', 'Hot fix or next release'],
    ['medium', 'Medium', 'Future release'],
    ['low', 'Low', 'Future release'],
  ])('Netop %s: release plan shown, phone follow-up only for critical', (id, label, releasePlan) => {
    const phone = id === 'critical' ? { phone: '+45 70 20 30 40' } : {};
    const { text } = render('netop', 'ack', {
      severity: { id, label },
      severityLabel: label,
      releasePlan,
      notices: { releasePlan: true, ...(id === 'critical' ? { phoneFollowUp: true } : {}) },
      ...phone,
    });
    expect(text).toContain(`Release plan for this severity: ${releasePlan}.`);
    if (id === 'critical') {
      expect(text).toContain(
        'As this is a Critical case, please follow it up with a phone call to first-level support on +45 70 20 30 40',
      );
    } else {
      expect(text).not.toMatch(/phone/i);
    }
  });

  it('Netop: a case bought through a reseller says it went to the partner', () => {
    const { text } = render('netop', 'ack', {
      resellerName: 'Partner ApS',
      notices: { forwardedToReseller: true },
    });
    expect(text).toContain('forwarded to Partner ApS');
    expect(text).toContain('first-level support');
  });

  it.each([
    ['enterprise', 'sev1', true],
    ['enterprise', 'sev2', false],
    ['team', 'sev1', false],
  ])('Perfana %s %s: phone line only for enterprise SEV1 (en and nl)', (plan, sev, withPhone) => {
    const label = sev.toUpperCase();
    const extra: TemplateVars = {
      plan,
      planId: plan,
      severity: { id: sev, label },
      severityLabel: label,
      ...(withPhone ? { phone: '+31 00 000 0000', notices: { phoneFollowUp: true } } : {}),
    };
    const en = render('perfana', 'ack', extra).text;
    const nl = render('perfana', 'ack', extra, 'nl').text;
    if (withPhone) {
      expect(en).toContain('you can also reach us by phone on +31 00 000 0000');
      expect(nl).toContain('telefonisch bereiken op +31 00 000 0000');
    } else {
      expect(en).not.toMatch(/phone|\+31/i);
      expect(nl).not.toMatch(/telefon|\+31/i);
    }
  });

  it('Perfana Dutch ack: Dutch sentences, Dutch target names, the due time and the case ID', () => {
    const { text } = render('perfana', 'ack', {}, 'nl');
    expect(text).toContain('We hebben uw verzoek geregistreerd als case PERF-12 met ernst SEV1.');
    expect(text).toContain(`- eerste reactie: uiterlijk ${DUE}`);
    expect(text).toContain('Vermeld [PERF-12] in de onderwerpregel');
    expect(renderer.hasLanguage('perfana', 'ack', 'nl')).toBe(true);
  });

  it.each(PERFANA_DUTCH)('Perfana has a Dutch %s template', (id) => {
    expect(renderer.hasLanguage('perfana', id, 'nl')).toBe(true);
  });

  it('FastNetMon never mentions a phone, even if a phone number were passed', () => {
    for (const id of ALL_TEMPLATES) {
      const { text } = render('fastnetmon', id, {
        phone: '+44 20 0000 0000',
        notices: { phoneFollowUp: true },
      });
      expect(text, id).not.toMatch(/phone|\+44/i);
    }
  });

  it('no reply to a customer carries a phone number except Netop critical and Perfana enterprise SEV1 acks', () => {
    for (const policyId of POLICY_IDS) {
      for (const id of CUSTOMER_TEMPLATES) {
        if (id === 'ack' && (policyId === 'netop' || policyId === 'perfana')) continue;
        // Decide never sets `phone` for these; without it no template may invent a number.
        const { text } = render(policyId, id);
        for (const phone of PHONES) expect(text, `${policyId}/${id}`).not.toContain(phone);
        expect(text, `${policyId}/${id}`).not.toMatch(/\bphone\b/i);
      }
    }
    for (const policyId of POLICY_IDS) {
      for (const id of CUSTOMER_TEMPLATES.filter((t) => t !== 'ack')) {
        const { text } = render(policyId, id, { phone: '+45 0000 0000' });
        expect(text, `${policyId}/${id}`).not.toContain('+45 0000 0000');
      }
    }
  });

  it('Kolmisoft without a plan: paid support at the hourly rate; with a plan: no charge note', () => {
    const paid = render('kolmisoft', 'ack', {
      plan: '',
      planId: '',
      planLabel: '',
      targets: [],
      hourlyRate: 100,
      currency: 'EUR',
      notices: { paidSupportRate: true },
    }).text;
    expect(paid).toContain('handled as paid support at 100 EUR per hour');
    expect(paid).toContain('case KOLMI-12 with priority Blocker');
    const plan = render('kolmisoft', 'ack').text;
    expect(plan).not.toMatch(/EUR|paid support/);
    expect(plan).toContain(`Reaction time: within 3 hours, by ${DUE}.`);
  });

  it('Kolmisoft premium: configuration is checked, not made', () => {
    const { text } = render('kolmisoft', 'ack', { checkOnlyTopics: 'additional server configuration' });
    expect(text).toContain('we check configuration you have made yourself');
    expect(text).toContain('additional server configuration');
  });

  it('FastNetMon: remote access is flagged, never granted; other language gets an English notice', () => {
    const { text } = render('fastnetmon', 'ack', {
      flaggedTopics: 'remote (SSH) access',
      notices: { notGrantedAutomatically: true, languageNotice: true },
    });
    expect(text).toContain('Your message mentions remote (SSH) access.');
    expect(text).toContain('unless our support team confirms it is absolutely necessary');
    expect(text).toContain('Our official support language is English, so we will continue in English.');
  });

  it('Perfana: an end-of-life version gets only upgrade help; other languages get a notice', () => {
    const { text } = render('perfana', 'ack', {
      version: '1.4.2',
      notices: { endOfLifeUpgradeOnly: true, languageNotice: true },
    });
    expect(text).toContain('Version 1.4.2 has reached end of life. We can help you with upgrading');
    expect(text).toContain('Our support languages are English and Dutch');
    const supported = render('perfana', 'ack', { version: '4.1.2' }).text;
    expect(supported).not.toContain('end of life');
  });
});

describe('replies without a new case', () => {
  it('follow-up: added to the existing case', () => {
    expect(render('netop', 'followUpReceived').text).toContain('We have added it to case NETOP-12');
    expect(render('perfana', 'followUpReceived', {}, 'nl').text).toContain('toegevoegd aan case PERF-12');
  });

  it('FastNetMon out of scope points to the partner list', () => {
    const { text } = render('fastnetmon', 'outOfScope');
    expect(text).toContain('Your request concerns installation or configuration assistance.');
    expect(text).toContain('strictly limited to FastNetMon Advanced itself');
    expect(text).toContain('please see the list of our partners: https://partners.example.test/.');
    expect(text).toContain('not opened a case');
  });

  it('Perfana out of scope lists what support does not include, in English and Dutch', () => {
    expect(render('perfana', 'outOfScope', { topic: 'product training' }).text).toContain(
      'Your request concerns product training, which is outside the scope of our support',
    );
    expect(render('perfana', 'outOfScope', { topic: 'product training' }, 'nl').text).toContain(
      'Uw verzoek gaat over product training en valt buiten onze support',
    );
  });

  it('Kolmisoft paid service: offered at the hourly rate, no case; or a paid case when one was made', () => {
    const offer = render('kolmisoft', 'paidSupport', { paidSupportUrl: 'http://support.kolmisoft.com' }).text;
    expect(offer).toContain(
      'Your request concerns MySQL replication, which is not included in your support plan',
    );
    expect(offer).toContain('hourly rate of 100 EUR per hour');
    expect(offer).toContain('paid ticket in our support system: http://support.kolmisoft.com');
    expect(offer).toContain('We have not opened a case.');
    const withCase = render('kolmisoft', 'paidSupport', { caseId: 'KOLMI-7' }).text;
    expect(withCase).toContain('registered your ticket as case KOLMI-7');
    expect(withCase).toContain('paid support at our hourly rate of 100 EUR per hour');
    expect(render('kolmisoft', 'paidOffer').text).toContain('100 EUR per hour');
  });

  it('over quota: limit, count and reset date', () => {
    const { text } = render('fastnetmon', 'overQuota');
    expect(text).toContain('includes 10 support requests per calendar month, and 10 have already been used');
    expect(text).toContain('resets on Tuesday 1 December 2026');
    expect(text).toContain('not opened a new case');
  });

  it('old version: upgrade to the latest version and replicate; the case waits on the customer', () => {
    const { text } = render('fastnetmon', 'upgradeRequired');
    expect(text).toContain('registered your request as case FNM-12');
    expect(text).toContain('You report version 1.2.3.');
    expect(text).toContain('currently 2.0.368');
    expect(text).toContain('upgrade to the latest version and replicate the issue');
    expect(text).toContain('waiting for your reply');
    const both = render('fastnetmon', 'upgradeRequired', { platform: 'CentOS 7' }).text;
    expect(both).toContain('CentOS 7 is not supported');
  });

  it('unsupported platform: the case waits on the customer', () => {
    const { text } = render('fastnetmon', 'unsupportedPlatform');
    expect(text).toContain(
      'officially supported by standard support from the distribution vendor, and CentOS 7 is not',
    );
    expect(text).toContain('waiting for your reply');
  });

  it('end of life and pre-release versions are explained', () => {
    const eol = render('perfana', 'endOfLife').text;
    expect(eol).toContain('Version 1.4.2 has reached end of life (support ended on 2025-03-01)');
    expect(eol).toContain('help with the upgrade itself');
    expect(render('perfana', 'endOfLife', {}, 'nl').text).toContain('Versie 1.4.2 is end-of-life');
    const snapshot = render('perfana', 'unsupportedVersion').text;
    expect(snapshot).toContain('Version 3.0.0-SNAPSHOT is a non-production release');
    expect(render('perfana', 'unsupportedVersion', {}, 'nl').text).toContain('niet-productieversie');
  });

  it('not eligible: expired maintenance names the end date', () => {
    const expired = render('perfana', 'notEligible', { maintenanceUntil: '2026-06-30' }).text;
    expect(expired).toContain('requires a valid maintenance agreement, and yours ended on 2026-06-30');
    expect(render('perfana', 'notEligible', { maintenanceUntil: '2026-06-30' }, 'nl').text).toContain(
      'uw contract is op 2026-06-30 afgelopen',
    );
    expect(render('fastnetmon', 'notEligible').text).toContain(
      'could not find an active support agreement for customer@example.test, ACME Networks',
    );
  });

  it('community pointer, end-user redirect and licence registration', () => {
    const community = render('perfana', 'communityPointer').text;
    expect(community).toContain('community support only');
    expect(community).toContain('the Perfana community Slack: https://slack.example.test/perfana');
    const redirect = render('perfana', 'endUserRedirect').text;
    expect(redirect).toContain('contact your administrator, Ada Admin (admin@example.test),');
    expect(render('perfana', 'endUserRedirect', {}, 'nl').text).toContain('uw beheerder, Ada Admin');
    const licence = render('netop', 'registerLicence').text;
    expect(licence).toContain('we do not know the licence key you quoted (NETOP-XXXX-0000)');
    expect(licence).toContain(
      'register your Netop software, or reply to this e-mail quoting your licence key',
    );
  });

  it('language notice: FastNetMon English only, Perfana English and Dutch', () => {
    expect(render('fastnetmon', 'languageNotice').text).toContain('Our official support language is English');
    expect(render('perfana', 'languageNotice').text).toContain('English and Dutch');
  });
});

describe('internal mails', () => {
  it('reseller forward: case, customer, severity, due times and the customer text', () => {
    const { text } = render('netop', 'resellerForward', { phone: '+45 70 20 30 40' });
    expect(text).toMatch(/^Hello Partner ApS,/);
    expect(text).toContain('first-level support');
    expect(text).toContain('Case: NETOP-12');
    expect(text).toContain('Customer: Casey Customer <customer@example.test>, ACME Networks');
    expect(text).toContain('Severity: Critical');
    expect(text).toContain(`first-level resolution: within 5 business days, by ${DUE2}`);
    expect(text).toContain('> our traffic graphs stopped at 09:12.');
    expect(text).toContain('follow this case up by phone on +45 70 20 30 40');
  });

  it('ops alert: kind, case, customer, policy, severity, target, due, how late, customer text', () => {
    const { text } = render('netop', 'opsAlert');
    expect(text).toMatch(/^Ops alert: breach on case \[NETOP-12\] \(Netop\)/);
    expect(text).toContain('Customer: Casey Customer <customer@example.test>, ACME Networks');
    expect(text).toContain('Policy: Netop (netop)');
    expect(text).toContain('Severity: Critical');
    expect(text).toContain('Target: first response');
    expect(text).toContain(`Due: ${DUE}`);
    expect(text).toContain('Late by: 1h30');
    expect(text).toContain('> our traffic graphs stopped at 09:12.');
    const noCase = render('fastnetmon', 'opsAlert', {
      caseId: '',
      kind: 'overQuota',
      target: undefined,
      late: '',
    }).text;
    expect(noCase).toMatch(/^Ops alert: overQuota \(FastNetMon Advanced\)/);
    expect(noCase).not.toContain('Case:');
  });

  it('ops alert for quarantined mail: no customer, no case, no severity', () => {
    const { text } = renderer.render('netop', 'opsAlert', {
      kind: 'quarantined mail',
      policy: { id: 'netop', name: 'Netop' },
      reason: 'message larger than 25 MB',
      mailbox: 'support@netop.example.test',
      uid: 4711,
      caseId: '',
      subject: '[quarantine] support@netop.example.test UID 4711',
    });
    expect(text).toMatch(/^Ops alert: quarantined mail \(Netop\)/);
    expect(text).toContain('Mailbox: support@netop.example.test, UID 4711');
    expect(text).toContain('Reason: message larger than 25 MB');
    expect(text).not.toMatch(/Customer:|Plan:|Severity:|undefined|\[object Object\]/);
  });

  it('ops alert for a triage flag on a mail without a case', () => {
    const { text } = render('fastnetmon', 'opsAlert', {
      kind: 'overQuota',
      caseId: '',
      severity: { id: '', label: '' },
      severityLabel: undefined,
      target: undefined,
      late: '',
      reason: 'Over the monthly quota: 10 of 10 requests used.',
    });
    expect(text).not.toMatch(/Severity:|undefined|\[object Object\]/);
    expect(text).toContain('Reason: Over the monthly quota');
  });

  it('new case notice: tag, customer, severity, due times, customer text, how to answer', () => {
    const { text } = render('kolmisoft', 'newCaseNotice');
    expect(text).toMatch(/^New case \[KOLMI-12\] \(Kolmisoft MOR\)/);
    expect(text).toContain('Customer: Casey Customer <customer@example.test>, ACME Networks');
    expect(text).toContain('Plan: Premium');
    expect(text).toContain('Severity: Blocker');
    expect(text).toContain(`first response: within 3 hours, by ${DUE}`);
    expect(text).toContain('> our traffic graphs stopped at 09:12.');
    expect(text).toContain('Reply to this mail to answer the customer');
    expect(text).toContain('#status waiting|in-progress|resolved|closed');
  });

  it('follow-up notice: tag, sender, the customer text; an unverified one says so', () => {
    const genuine = render('netop', 'followUpNotice', { status: 'waiting', unverified: false }).text;
    expect(genuine).toMatch(/^Follow-up on case \[NETOP-12\] \(Netop\)\n/);
    expect(genuine).toContain('Case status: waiting');
    expect(genuine).toContain('> our traffic graphs stopped at 09:12.');
    expect(genuine).not.toContain('NOT VERIFIED');
    const forged = render('netop', 'followUpNotice', {
      unverified: true,
      senderCheck: 'DMARC fail for example.test',
    }).text;
    expect(forged).toContain('SENDER NOT VERIFIED');
    expect(forged).toContain('(DMARC fail for example.test). It was not added to the case');
  });

  it('ack to an unverified sender: no promise, and why', () => {
    const { text } = render('fastnetmon', 'ack', { notices: { unverifiedSender: true }, targets: [] });
    expect(text).toContain('We could not confirm that this message was sent by customer@example.test');
    expect(text).not.toContain('Our targets');
  });

  it('unknown command: lists every valid command', () => {
    const { text } = render('netop', 'unknownCommand');
    expect(text).toContain('a command we do not recognise: #priority high');
    for (const command of [
      '#status waiting|in-progress|resolved|closed',
      '#severity <id>',
      '#escalate',
      '#assign <address>',
      '#internal',
      '#resolve',
    ]) {
      expect(text).toContain(command);
    }
  });
});

describe('HTML part', () => {
  it.each(['newCaseNotice', 'resellerForward', 'opsAlert'])('%s escapes customer text', (id) => {
    const { text, html } = render('netop', id, { customerText: EVIL });
    expect(text).toContain('<script>alert("x")</script>');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; the server is down');
  });

  it('escapes the subject in the title and keeps a well-formed document', () => {
    const { html } = render('perfana', 'ack', { subject: 'Re: [PERF-12] <b>down</b>' });
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<title>Re: [PERF-12] &lt;b&gt;down&lt;/b&gt;</title>');
    expect(html).not.toContain('<b>');
    expect(html).toContain('Thank you for contacting Perfana support.');
    expect(html.match(/<body/g)).toHaveLength(1);
    expect(html.trim().endsWith('</html>')).toBe(true);
  });

  it('escapes customer-controlled names and values in replies', () => {
    const { html } = render('fastnetmon', 'ack', {
      contactName: '<img src=x onerror=alert(1)>',
      customer: { name: 'x', email: 'x@example.test' },
    });
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src&#x3D;x onerror&#x3D;alert(1)&gt;');
  });
});

describe("customer attachments in the engineers' mails", () => {
  const file = (filename: string, size: string) => ({ filename, size });

  it('a notice names what it carries', () => {
    const { text } = render('kolmisoft', 'newCaseNotice', {
      attachments: {
        cap: '15 MB',
        part: '',
        attached: [file('trace.pdf', '3.0 MB'), file('shot.png', '41 KB')],
        listed: [],
      },
    });
    expect(text).toContain(
      'Attached, as the customer sent them:\n- trace.pdf (3.0 MB)\n- shot.png (41 KB)\n',
    );
    expect(text).not.toContain('To get them');
  });

  it('a notice over the cap lists them with sizes and says how to get them', () => {
    const { text } = render('netop', 'newCaseNotice', {
      attachments: {
        cap: '15 MB',
        part: '',
        attached: [],
        listed: [file('dump.pdf', '22 MB')],
        overCap: '22 MB',
      },
    });
    expect(text).toContain(
      'The customer attached 22 MB in all, more than the 15 MB a notice carries:\n- dump.pdf (22 MB)\n',
    );
    expect(text).toContain(
      'reply to this mail with #attachments alone on a line: they come in mails of at most 15 MB each',
    );
  });

  it('a notice whose mail is gone lists the names and says the files could not be fetched', () => {
    const { text } = render('perfana', 'newCaseNotice', {
      attachments: {
        cap: '15 MB',
        part: '',
        attached: [],
        listed: [file('log.txt', '2 KB')],
        unavailable: 'the mail is no longer in the mailbox',
      },
    });
    expect(text).toContain(
      'Not attached: the files could not be fetched (the mail is no longer in the mailbox):\n- log.txt (2 KB)',
    );
  });

  it('a follow-up notice carries them too; an unverified one does not offer #attachments', () => {
    const over = {
      cap: '15 MB',
      part: '',
      attached: [],
      listed: [file('dump.pdf', '22 MB')],
      overCap: '22 MB',
    };
    const genuine = render('netop', 'followUpNotice', {
      status: 'waiting',
      unverified: false,
      attachments: over,
    }).text;
    expect(genuine).toContain('- dump.pdf (22 MB)\nTo get them, reply to this mail with #attachments');
    const forged = render('netop', 'followUpNotice', {
      status: 'waiting',
      unverified: true,
      senderCheck: 'dmarc=fail',
      attachments: over,
    }).text;
    expect(forged).toContain(
      '- dump.pdf (22 MB)\nThis mail is not part of the case, so #attachments does not fetch them',
    );
    expect(forged).not.toContain('To get them');
  });

  it('lists #attachments among the commands, in the notice and in the unknown-command answer', () => {
    expect(render('fastnetmon', 'newCaseNotice').text).toContain('  - #attachments');
    expect(render('fastnetmon', 'unknownCommand').text).toContain('  - #attachments');
  });

  it('a delivery names its part, and the files too large for any mail with where they are', () => {
    const { text } = render('kolmisoft', 'attachmentsDelivery', {
      attachments: {
        cap: '15 MB',
        part: 'mail 2 of 2',
        folder: 'Processed',
        attached: [file('b.pdf', '9.0 MB')],
        listed: [],
        tooLarge: [
          { ...file('huge.iso', '20 MB'), mailbox: 'support@example.test', messageId: '<m1@example.test>' },
        ],
      },
    });
    expect(text).toMatch(/^Attachments of case \[KOLMI-12\] \(Kolmisoft MOR\), mail 2 of 2\n/);
    expect(text).toContain('- b.pdf (9.0 MB)');
    expect(text).toContain(
      "Larger than 15 MB on their own, so not sent by mail (the raw mail is in the support@example.test mailbox's Processed folder):\n- huge.iso (20 MB), in the mail <m1@example.test>",
    );
  });

  it('a delivery on a case without attachments says so', () => {
    const { text } = render('kolmisoft', 'attachmentsDelivery', {
      attachments: { cap: '15 MB', part: '', attached: [], listed: [], tooLarge: [], none: true },
    });
    expect(text).toContain('The customer has sent no attachments on this case.');
  });

  it('shows inline images in the HTML part by Content-ID, escaped', () => {
    const { html } = renderer.render('kolmisoft', 'newCaseNotice', varsFor('kolmisoft'), undefined, [
      { cid: 'shot1@customer.example', alt: 'a "screen" <shot>.png' },
    ]);
    expect(html).toContain(
      '<img src="cid:shot1@customer.example" alt="a &quot;screen&quot; &lt;shot&gt;.png"',
    );
  });
});
