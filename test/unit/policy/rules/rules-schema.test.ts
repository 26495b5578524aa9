import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { problemsFromZod } from '../../../../src/config/config-error.js';
import { rulesReferenceProblems } from '../../../../src/policy/rules-cross-checks.js';
import { rulesSchema } from '../../../../src/policy/rules-schema.js';
import { loadPolicy, type SeedPolicyId } from './support.js';

const SEEDS: SeedPolicyId[] = ['fastnetmon', 'netop', 'perfana', 'kolmisoft'];

function rawPolicy(id: SeedPolicyId): Record<string, unknown> {
  const file = fileURLToPath(new URL(`../../../../config/policies/${id}.yaml`, import.meta.url));
  return parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function problems(rules: unknown): string[] {
  const result = rulesSchema.safeParse(rules);
  if (result.success) return [];
  return problemsFromZod('policy.yaml', rules, result.error).map((p) => `${p.path}: expected ${p.expected}`);
}

describe('shipped policy files', () => {
  it.each(SEEDS)('%s parses through the policy schema, rules included', (id) => {
    const policy = loadPolicy(id);
    expect(policy.id).toBe(id);
    expect(policy.rules.severity.default).toBeDefined();
  });

  it.each(SEEDS)('%s rules refer only to its own severities and plans', (id) => {
    expect(rulesReferenceProblems(rawPolicy(id))).toEqual([]);
  });

  it('states the seed settings as plain values', () => {
    expect(loadPolicy('fastnetmon').rules.quota.monthlyDefault).toBe(10);
    expect(loadPolicy('fastnetmon').rules.eligibility.versions.support).toEqual({
      rule: 'latestOnly',
      latestVersion: '1.2.8',
    });
    expect(loadPolicy('kolmisoft').rules.paidSupport).toMatchObject({ hourlyRate: 100, currency: 'EUR' });
    expect(loadPolicy('perfana').rules.languages.supported).toEqual(['en', 'nl']);
    expect(loadPolicy('netop').rules.eligibility.unknownSender).toBe('licenceLookup');
    expect(loadPolicy('kolmisoft').rules.routing.ordering).toBe('planThenSeverity');
  });
});

describe('rules schema', () => {
  it('accepts an empty rules section: every rule defaults to off', () => {
    const rules = rulesSchema.parse({});
    expect(rules.quota.monthlyDefault).toBeNull();
    expect(rules.scope.exclusions).toEqual([]);
    expect(rules.eligibility.noPlan).toEqual({ action: 'notEligible' });
    expect(rules.eligibility.versions.support).toEqual({ rule: 'any' });
    expect(rules.languages).toEqual({ supported: ['en'], otherLanguages: 'ignore' });
    expect(rules.routing.ordering).toBe('fifo');
  });

  it.each([
    [
      'a pointer that is not defined',
      {
        scope: {
          exclusions: [{ id: 'x', label: 'X', phrases: ['x'], action: 'decline', pointer: 'partners' }],
        },
      },
      'scope.exclusions[0].pointer: expected one of the pointers ids (none defined)',
    ],
    [
      'a licence key pattern that does not compile',
      { eligibility: { unknownSender: 'licenceLookup', licence: { keyPattern: '[A-Z' } } },
      'eligibility.licence.keyPattern: expected a valid regular expression',
    ],
    [
      'licence lookup without a licence section',
      { eligibility: { unknownSender: 'licenceLookup' } },
      'eligibility.licence: expected a licence section (keyPattern) because unknownSender is licenceLookup',
    ],
    [
      'paid offers without a rate',
      { scope: { exclusions: [{ id: 'vpn', label: 'VPN', phrases: ['vpn'], action: 'paidOffer' }] } },
      'paidSupport: expected a paidSupport section (hourlyRate, currency) because paid support or a paidOffer exclusion is used',
    ],
    [
      'free bug fixes without the two-latest rule',
      {
        eligibility: { noPlan: { action: 'paidSupport', freeBugFix: { phrases: ['bug'] } } },
        paidSupport: { hourlyRate: 100, currency: 'EUR' },
      },
      'eligibility.versions.support.rule: expected "twoLatest" because noPlan.freeBugFix needs the two latest versions',
    ],
    [
      'a release date that is not a date',
      {
        eligibility: {
          versions: {
            support: {
              rule: 'supportWindow',
              supportYears: 2,
              lines: [{ line: '2.2', released: 'spring 2022' }],
            },
          },
        },
      },
      'eligibility.versions.support.lines[0].released: expected a calendar date written YYYY-MM-DD',
    ],
    [
      'a language that is not a code',
      { languages: { supported: ['English'] } },
      'languages.supported[0]: expected a two-letter ISO 639-1 language code such as "en"',
    ],
  ])('reports %s with file, key and expectation', (_title, rules, expected) => {
    expect(problems(rules)).toContain(expected);
  });

  it('reports a misspelt setting at its key instead of ignoring it', () => {
    expect(problems({ quota: { monthly: 10 } }).some((problem) => problem.includes('monthly'))).toBe(true);
  });

  it('reports rules that name severities or plans the policy lacks', () => {
    const raw = rawPolicy('kolmisoft');
    const rules = raw.rules as Record<string, unknown>;
    const broken = {
      ...raw,
      rules: {
        ...rules,
        severity: { default: 'urgent', impactRules: [{ severity: 'critical', phrases: ['down'] }] },
        scope: {
          exclusions: [
            { id: 'cfg', label: 'Cfg', phrases: ['cfg'], action: 'checkOnly', includedInPlans: ['gold'] },
          ],
        },
      },
    };
    expect(rulesReferenceProblems(broken).map((p) => p.path.join('.'))).toEqual([
      'rules.severity.default',
      'rules.severity.impactRules.0.severity',
      'rules.scope.exclusions.0.includedInPlans.0',
    ]);
  });
});
