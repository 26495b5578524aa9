import { describe, expect, it } from 'vitest';
import { extractLicenceKey, extractLicenceKeys } from '../../../../src/policy/rules/extract-licence-key.js';

const NETOP_KEY = '[A-Z0-9]{4}(?:-[A-Z0-9]{4}){3,5}';

describe('extractLicenceKeys', () => {
  it.each([
    ['Licence key: NTP1-7K3Q-22XH-9MZD', 'NTP1-7K3Q-22XH-9MZD'],
    ['our key is ntp1-7k3q-22xh-9mzd, thanks', 'NTP1-7K3Q-22XH-9MZD'],
    ['(NTP1-7K3Q-22XH-9MZD-AB12)', 'NTP1-7K3Q-22XH-9MZD-AB12'],
  ])('%s', (text, key) => {
    expect(extractLicenceKey(text, NETOP_KEY)).toBe(key);
  });

  it('never cuts a key out of a longer token such as a UUID', () => {
    expect(extractLicenceKeys('trace 123e4567-e89b-12d3-a456-426614174000', NETOP_KEY)).toEqual([]);
  });

  it('lists distinct keys once each', () => {
    expect(
      extractLicenceKeys('AAAA-BBBB-CCCC-DDDD and aaaa-bbbb-cccc-dddd and EEEE-FFFF-1111-2222', NETOP_KEY),
    ).toEqual(['AAAA-BBBB-CCCC-DDDD', 'EEEE-FFFF-1111-2222']);
  });
});
