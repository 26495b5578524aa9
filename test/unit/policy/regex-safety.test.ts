import { describe, expect, it } from 'vitest';
import { superLinearRisk } from '../../../src/policy/regex-safety.js';

describe('policy regular expressions must run in linear time', () => {
  it.each(['[A-Z0-9]{4}(?:-[A-Z0-9]{4}){3,5}', 'KEY-\\d+', '(?:ab)+', '[(+*]+x', '(a|b)?c*', '\\(\\w+\\)+'])(
    'accepts %s',
    (source) => {
      expect(superLinearRisk(source)).toBeNull();
    },
  );

  it.each([
    ['(\\w+)+$', /nested quantifiers/],
    ['(?:a*)*b', /nested quantifiers/],
    ['((ab)+c)+', /nested quantifiers/],
    ['(x+){2,}', /nested quantifiers/],
    ['(?:[a-z]+-?){1,40}', /nested quantifiers/],
    ['(a)\\1', /backreferences/],
  ])('refuses %s', (source, why) => {
    expect(superLinearRisk(source)).toMatch(why);
  });
});
