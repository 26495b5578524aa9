import { describe, expect, it } from 'vitest';
import { extractVersion, extractVersions } from '../../../../src/policy/rules/extract-version.js';
import { compareVersions, isInLine, parseVersion } from '../../../../src/policy/rules/version.js';

function parsed(text: string) {
  const version = parseVersion(text);
  if (version === null) throw new Error(`unparseable ${text}`);
  return version;
}

describe('parseVersion', () => {
  it.each([
    ['1.2.8', '', [1, 2, 8], ''],
    ['v3.0.1', '', [3, 0, 1], ''],
    ['4.1.0-SNAPSHOT', '', [4, 1, 0], 'snapshot'],
    ['2.3.0.RC1', '', [2, 3, 0], 'rc1'],
    ['4.1.0-beta.2', '', [4, 1, 0], 'beta.2'],
    ['X8', 'X', [8], ''],
  ])('%s', (text, series, numbers, suffix) => {
    expect(parseVersion(text)).toMatchObject({ series, numbers, suffix });
  });

  it('rejects text that is not a version', () => {
    expect(parseVersion('latest')).toBeNull();
  });
});

describe('compareVersions', () => {
  it.each([
    ['1.2.7', '1.2.8', -1],
    ['1.2.10', '1.2.8', 1],
    ['1.2', '1.2.0', 0],
    ['2.3.0-rc1', '2.3.0', -1],
    ['2.0.0', '1.9.9', 1],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(parsed(a), parsed(b)) ?? Number.NaN)).toBe(sign);
  });

  it('cannot order different letter series', () => {
    expect(compareVersions(parsed('X8'), parsed('12'))).toBeNull();
  });

  it('puts versions in their release line', () => {
    expect(isInLine(parsed('2.2.7'), parsed('2.2'))).toBe(true);
    expect(isInLine(parsed('2.20.1'), parsed('2.2'))).toBe(false);
    expect(isInLine(parsed('x8.1'), parsed('X8'))).toBe(true);
  });
});

describe('extractVersion from mail text', () => {
  it.each([
    ['We run FastNetMon 1.2.6 on our edge.', ['fastnetmon'], '1.2.6'],
    ['FastNetMon Advanced version 1.2.8 crashes.', ['fastnetmon advanced', 'fastnetmon'], '1.2.8'],
    ['Our version: 3.0.0-SNAPSHOT', [], '3.0.0-SNAPSHOT'],
    ['Upgraded to v4.0.1 yesterday.', [], '4.0.1'],
    ['Since MOR X8 the invoices are wrong.', ['mor'], 'X8'],
    ['Perfana 2.3.0.RC1 fails.', ['perfana'], '2.3.0.RC1'],
    ['FastNetMon 1.2.8.', ['fastnetmon'], '1.2.8'],
  ])('%s', (text, names, version) => {
    expect(extractVersion(text, names)?.text).toBe(version);
  });

  it.each([
    ['an OS version is not the product version', 'FastNetMon crashes on Ubuntu 22.04.', ['fastnetmon']],
    ['an HTTP status after the product name is not a version', 'Perfana 500 errors everywhere', ['perfana']],
    ['no version at all', 'The fastnetmon daemon crashes.', ['fastnetmon']],
  ])('%s', (_title, text, names) => {
    expect(extractVersion(text, names)).toBeNull();
  });

  it('lists every stated version in order', () => {
    expect(extractVersions('Version 1.2.6 here, v1.2.8 there.', []).map((v) => v.text)).toEqual([
      '1.2.6',
      '1.2.8',
    ]);
  });
});
