import { describe, expect, it } from 'vitest';
import { mailText, stripQuotedHistory } from '../../../../src/policy/rules/mail-text.js';
import {
  containsAnyPhrase,
  matchedPhrases,
  normalizeText,
  withoutPhrases,
} from '../../../../src/policy/rules/text-match.js';

describe('phrase matching', () => {
  it.each([
    // [text, phrase, matches]
    ['Production is down', 'production', true],
    ['PRODUCTION   is\tdown', 'production is down', true],
    ['our pre-production stack', 'production', false], // hyphen joins words
    ['non-critical question', 'critical', false],
    ['[Critical] host down', '[critical]', true],
    ['x[critical]y', '[critical]', true], // a phrase starting/ending in punctuation needs no boundary
    ['sev10 is not a thing', 'sev1', false],
    ['we are installing it', 'install*', true],
    ['reinstall it', 'install*', false],
    ['it doesn’t work', "doesn't work", true], // typographic apostrophe
    ['the label is wrong', 'lab', false],
    ['in the lab.', 'lab', true],
  ])('%j contains %j: %s', (text, phrase, expected) => {
    expect(containsAnyPhrase(normalizeText(text), [phrase])).toBe(expected);
  });

  it('returns the matched phrases in settings order', () => {
    expect(
      matchedPhrases(normalizeText('Grafana and ClickHouse'), ['clickhouse', 'mongodb', 'grafana']),
    ).toEqual(['clickhouse', 'grafana']);
  });

  it('blanks out exceptions so "no workaround" does not say "workaround"', () => {
    const text = normalizeText('There is no workaround yet.');
    expect(containsAnyPhrase(withoutPhrases(text, ['no workaround']), ['workaround'])).toBe(false);
    expect(
      containsAnyPhrase(withoutPhrases(normalizeText('A workaround exists.'), ['no workaround']), [
        'workaround',
      ]),
    ).toBe(true);
  });
});

describe('mail text', () => {
  it('drops quoted lines and everything below a reply header', () => {
    const body = [
      'The host still crashes.',
      '> Is this in production?',
      'On Mon, 9 Jun 2025 at 10:00, Support <support@vendor.example> wrote:',
      'We have a workaround for production.',
    ].join('\n');
    expect(stripQuotedHistory(body)).toBe('The host still crashes.');
  });

  it('keeps subject and body apart so a phrase cannot span them', () => {
    expect(containsAnyPhrase(mailText('Host down', 'in production').all, ['down in production'])).toBe(false);
  });
});
