import { describe, expect, it } from 'vitest';
import { weakTokenReason } from '../../../src/ops/api-token.js';
import { cachedCheck, checkReadiness } from '../../../src/ops/readiness.js';

describe('readiness', () => {
  it('reports a hanging dependency as not ready once the timeout passes', async () => {
    const report = await checkReadiness(
      [
        { name: 'redis', check: () => new Promise<void>(() => undefined) },
        { name: 'smtp', check: async () => undefined },
      ],
      50,
    );
    expect(report).toEqual({ ready: false, checks: { redis: 'no answer within 50 ms', smtp: 'ok' } });
  });

  it('is ready when every check answers', async () => {
    const report = await checkReadiness([{ name: 'imap', check: async () => undefined }], 50);
    expect(report.ready).toBe(true);
  });

  it('reuses a check outcome for its time to live, and shares one attempt among concurrent probes', async () => {
    let calls = 0;
    let clock = 0;
    const check = cachedCheck(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('down');
      },
      1000,
      () => clock,
    );
    await expect(Promise.all([check(), check()])).rejects.toThrow('down');
    expect(calls).toBe(1);
    clock = 999;
    await expect(check()).rejects.toThrow('down');
    clock = 1000;
    await expect(check()).resolves.toBeUndefined();
    expect(calls).toBe(2);
  });
});

describe('API tokens', () => {
  it.each(['change-me', 'local-dev-token', 'test-token', 'x'.repeat(31)])('refuses %s', (token) => {
    expect(weakTokenReason(token)).not.toBeNull();
  });

  it('accepts a long random token', () => {
    expect(weakTokenReason('3f9a0c1e5b7d2a4c6e8f0a1b3c5d7e9f')).toBeNull();
  });
});
