import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, type ConfigProblem } from '../../../../src/config/config-error.js';
import { loadPolicies } from '../../../../src/config/load-policies.js';
import { loadYamlFile } from '../../../../src/config/load-yaml-file.js';
import { policySchema } from '../../../../src/policy/policy-schema.js';
import { shippedPoliciesDir } from './shipped-policies.js';

let dir = '';
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = '';
});

function problemsOf(files: Record<string, string>): ConfigProblem[] {
  dir = mkdtempSync(join(tmpdir(), 'policies-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  try {
    loadPolicies(dir);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

const shippedNetop = readFileSync(join(shippedPoliciesDir, 'netop.yaml'), 'utf8');

describe('policy schema errors', () => {
  it('lists every problem of a broken policy with its key path, at once', () => {
    const broken = shippedNetop
      .replace('timezone: Europe/Copenhagen', 'timezone: Europe/Copenhagn')
      .replace('mon: ["08:00-16:00"]', 'mon: ["8-16"]')
      .replace(
        '{ severity: high, target: firstResponse, amount: 4, unit: hours, calendar: business }',
        '{ severity: high, target: firstResponse, amount: 4, unit: hours, calendar: biz }',
      )
      .replace(
        '{ severity: low, target: resolution2, amount: 90, unit: businessDays, calendar: business }',
        '{ severity: lowest, target: resolution2, amount: 90, unit: weeks, calendar: business }',
      )
      .replace('firstResponseMetByAck: true', 'firstResponseMetByAck: true\nwarningFractoin: 0.8')
      .replace('  - { severity: critical } #', '  - { severity: critcal, plan: gold } #');
    const problems = problemsOf({ 'netop.yaml': broken });
    const lines = problems.map((p) => `${p.path}: expected ${p.expected}, found ${p.found}`);
    const file = join(dir, 'netop.yaml');
    expect(problems.every((p) => p.file === file)).toBe(true);
    expect(lines).toEqual(
      expect.arrayContaining([
        'timezone: expected an IANA time zone such as "Europe/Copenhagen", found "Europe/Copenhagn"',
        'calendars.business.weekly.mon[0]: expected "HH:MM-HH:MM" in 24-hour local time with the start before the end (end may be 24:00), found "8-16"',
        'plans[0].targets[3].calendar: expected one of "business", found "biz"',
        'plans[0].targets[11].severity: expected one of "critical", "high", "medium", "low", found "lowest"',
        'plans[0].targets[11].unit: expected one of "minutes", "hours", "businessDays", found "weeks"',
        'phone.inAck[0].plan: expected one of "standard", found "gold"',
        'phone.inAck[0].severity: expected one of "critical", "high", "medium", "low", found "critcal"',
      ]),
    );
    expect(problems.some((p) => p.path === 'warningFractoin')).toBe(true);
    expect(problems).toHaveLength(8);
  });

  it('checks unions, duplicate ids and duplicate targets', () => {
    const text = `
id: demo
name: Demo
casePrefix: DEMO
timezone: Europe/Amsterdam
calendars:
  office: { weekly: { mon: ["08:00-17:00"] } }
  other: { weekly: { sat: ["00:00-24:00"] }, timezone: Europe/London }
  loopA: { union: [loopB, office] }
  loopB: { union: [loopA, office] }
  mixed: { union: [office, other, nowhere] }
  both: { type: 24x7, weekly: { mon: ["08:00-17:00"] } }
  empty: { weekly: {} }
severities: [ { id: s1, label: S1 }, { id: s1, label: again } ]
plans:
  - id: p
    paid: true
    targets:
      - { severity: s1, target: firstResponse, amount: 1, unit: hours, calendar: office }
      - { severity: s1, target: firstResponse, amount: 2, unit: hours, calendar: office }
rules: {}
`;
    const paths = problemsOf({ 'demo.yaml': text }).map((p) => `${p.path}: ${p.expected}`);
    expect(paths).toEqual(
      expect.arrayContaining([
        'calendars.loopA.union: a union that does not contain itself through other unions',
        'calendars.loopB.union: a union that does not contain itself through other unions',
        "calendars.mixed.union[1]: a calendar in the union's time zone Europe/Amsterdam",
        expect.stringMatching(/^calendars\.mixed\.union\[2\]: one of "office", "other"/),
        'calendars.both: exactly one of "weekly", "type: 24x7" or "union" (found weekly and type)',
        'calendars.empty.weekly: at least one open interval in the week',
        'severities[1].id: an id not used before in severities',
        'plans[0].targets[1]: one firstResponse target per severity (s1 has two)',
      ]),
    );
  });

  it('collects problems from every file, and checks file name against id and unique case prefixes', () => {
    const fnm = readFileSync(join(shippedPoliciesDir, 'fastnetmon.yaml'), 'utf8');
    const problems = problemsOf({
      'netop.yaml': shippedNetop.replace('casePrefix: NETOP', 'casePrefix: FNM'),
      'fastnetmon.yaml': fnm,
      'wrong-name.yaml': fnm.replace('casePrefix: FNM', 'casePrefix: OTHER'),
      'broken.yaml': 'id: [unclosed',
    });
    const summary = problems.map((p) => `${p.file.split('/').pop()}: ${p.path}`);
    expect(summary).toEqual(
      expect.arrayContaining([
        'netop.yaml: casePrefix',
        'wrong-name.yaml: id',
        expect.stringMatching(/^broken\.yaml: line 1/),
      ]),
    );
  });

  it('accepts the shipped policies: the four seeds and the business-hours example', () => {
    expect([...loadPolicies(shippedPoliciesDir).keys()].sort()).toEqual([
      'fastnetmon',
      'kolmisoft',
      'netop',
      'northwind',
      'perfana',
    ]);
  });

  it('the _template.yaml to copy is a valid policy, and the loader never loads it', () => {
    const template = loadYamlFile(join(shippedPoliciesDir, '_template.yaml'), policySchema);
    expect(template.id).toBe('my-vendor');
    expect(loadPolicies(shippedPoliciesDir).has('my-vendor')).toBe(false);
  });

  it('rejects an unknown holiday country and region', () => {
    const text = shippedNetop.replace(
      '  business:\n    weekly:',
      '  other: { weekly: { mon: ["08:00-16:00"] }, holidays: { country: DE, region: XX } }\n  business:\n    holidays: { country: XX, dates: ["2026-02-30"] }\n    weekly:',
    );
    const problems = problemsOf({ 'netop.yaml': text }).map((p) => `${p.path}: ${p.expected}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'calendars.business.holidays.country: a country code of date-holidays, e.g. "DK"',
        'calendars.business.holidays.dates[0]: a date "YYYY-MM-DD"',
        expect.stringMatching(/^calendars\.other\.holidays\.region: one of "BB", "BE", .*"BY"/),
      ]),
    );
  });
});
