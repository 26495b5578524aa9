import { describe, expect, it } from 'vitest';
import { detectLanguage } from '../../../../src/policy/rules/detect-language.js';
import { extractVersion } from '../../../../src/policy/rules/extract-version.js';
import { normalizeText, withoutPhrases } from '../../../../src/policy/rules/text-match.js';

// Inputs that took minutes before the rules were made linear (a 200 KB input cost 40 s in
// each). The budget is generous on purpose: a linear rule needs milliseconds, a quadratic one
// minutes, so the assertion tells the two apart without being a benchmark.
const BUDGET_MS = 3000;
const SIZE = 400_000;

function timed<T>(work: () => T): { value: T; ms: number } {
  const started = performance.now();
  const value = work();
  return { value, ms: performance.now() - started };
}

describe('rules on hostile text stay linear', () => {
  it('detects no language in a long run without spaces (a pasted base64 blob)', () => {
    const { value, ms } = timed(() => detectLanguage('QUJD'.repeat(SIZE / 4)));
    expect(value.language).toBeNull();
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it('still drops addresses and links before counting words', () => {
    const text = 'the is and of to at x@y.example https://the.and.of/is the de het een';
    expect(detectLanguage(text).language).toBe('en');
  });

  it('finds the version after a product name followed by a long whitespace run', () => {
    const { value, ms } = timed(() =>
      extractVersion(`Perfana${' '.repeat(SIZE)}x, we run Perfana 3.1.2`, ['Perfana']),
    );
    expect(value?.text ?? null).toBe('3.1.2');
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it('reads a version across a line break as before', () => {
    expect(extractVersion('Perfana\n  version: 2.4.0', ['Perfana'])?.text).toBe('2.4.0');
  });

  it('blanks thousands of phrase hits in one pass', () => {
    const text = normalizeText('no workaround '.repeat(SIZE / 14));
    const { value, ms } = timed(() => withoutPhrases(text, ['no workaround']));
    expect(value.trim()).toBe('');
    expect(value.length).toBe(text.length);
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it('blanks overlapping hits of one phrase as a union', () => {
    expect(withoutPhrases('a a a b', ['a a'])).toBe('      b');
  });
});
