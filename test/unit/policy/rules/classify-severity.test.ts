import { describe, expect, it } from 'vitest';
import { classifySeverity, oneLevelDown } from '../../../../src/policy/rules/classify-severity.js';
import { mailText } from '../../../../src/policy/rules/mail-text.js';
import { rulesSchema } from '../../../../src/policy/rules-schema.js';
import { loadPolicy } from './support.js';

const LEVELS = ['critical', 'high', 'medium', 'low'];

describe('classifySeverity building blocks', () => {
  it('lowers one level and never below the lowest', () => {
    expect(LEVELS.map((level) => oneLevelDown(level, LEVELS))).toEqual(['high', 'medium', 'low', 'low']);
  });

  it('uses the lowest severity when the policy sets no default', () => {
    const rules = rulesSchema.parse({}).severity;
    expect(classifySeverity(rules, LEVELS, mailText('Hello', 'Anything')).severity).toBe('low');
  });

  it('resolves two subject tags towards the more severe one', () => {
    const rules = loadPolicy('netop').rules.severity;
    const result = classifySeverity(rules, LEVELS, mailText('[High] or rather [Critical]?', ''));
    expect(result).toMatchObject({ severity: 'critical', source: 'subjectTag' });
  });

  it('ignores severity words in the quoted history of a reply', () => {
    const rules = loadPolicy('netop').rules.severity;
    const body = 'How do I change the port?\n> Does this affect your production environment?';
    expect(classifySeverity(rules, LEVELS, mailText('Question', body)).severity).toBe('medium');
  });

  it('records FastNetMon impact words without changing the single severity', () => {
    const rules = loadPolicy('fastnetmon').rules.severity;
    const result = classifySeverity(
      rules,
      ['normal'],
      mailText('Outage', 'Total outage during a DDoS attack, daemon crashed.'),
    );
    expect(result).toMatchObject({ severity: 'normal', source: 'default' });
    expect(result.impactWords).toEqual(expect.arrayContaining(['attack*', 'ddos', 'outage', 'crash*']));
  });
});
