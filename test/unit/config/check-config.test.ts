import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/config-error.js';
import { loadAppConfig } from '../../../src/config/load-app-config.js';
import { loadEverything } from '../../../src/config/load-everything.js';

const run = promisify(execFile);

function writeConfig(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'si-config-')), 'broken.yaml');
  writeFileSync(file, text);
  return file;
}

const BROKEN = `
imap:
  port: "143x"
  idle: maybe
smtp:
  pool: 0
mailboxes:
  - { address: not-an-address, passwordEnv: IMAP_PASSWORD, policy: nosuchpolicy }
ops:
  alertEmail: ops@example.test
  webhok: http://127.0.0.1:9/hook
`;

describe('configuration validation', () => {
  it('accepts the shipped local configuration', () => {
    const loaded = loadEverything('config/local.yaml');
    expect(loaded.config.imap.port).toBe(1143);
    expect(loaded.config.mailboxes.map((m) => m.policy)).toEqual([
      'fastnetmon',
      'netop',
      'perfana',
      'kolmisoft',
      'northwind',
      'netop',
    ]);
    expect([...loaded.policies.keys()].sort()).toEqual([
      'fastnetmon',
      'kolmisoft',
      'netop',
      'northwind',
      'perfana',
    ]);
  });

  it('lists every problem at once, each with file, key path, expectation and finding', () => {
    const file = writeConfig(BROKEN);
    let error: unknown;
    try {
      loadEverything(file);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => `${p.path} | ${p.expected} | ${p.found}`);
    expect(problems).toEqual(
      expect.arrayContaining([
        'imap.port | number | "143x"',
        'imap.idle | boolean | string maybe'.replace('string maybe', '"maybe"'),
        expect.stringMatching(/^smtp\.pool \| .*>=\s*1.* \| number 0$/),
        expect.stringMatching(/^mailboxes\[0\]\.address \| .*email.* \| "not-an-address"$/),
        'ops.webhok | no such key (not a known setting here) | unknown key "webhok"',
        expect.stringMatching(
          /^mailboxes\[0\]\.policy \| one of "fastnetmon", "kolmisoft", "netop", "northwind", "perfana".* \| "nosuchpolicy"$/,
        ),
      ]),
    );
    expect((error as ConfigError).problems.every((p) => p.file === file)).toBe(true);
  });

  it('refuses staff without a trust mode, and a trust mode without the servers it believes', () => {
    const staffOnly = writeConfig(
      'staff:\n  domains: []\n  addresses: [engineer@example.test]\n  teamAddress: {}\n',
    );
    expect(() => loadEverything(staffOnly)).toThrowError(
      /trust\.mode: expected verify, authservIds or exchangeOnline when staff are configured.*found "none"/,
    );
    const noIds = writeConfig('trust:\n  mode: authservIds\n');
    expect(() => loadEverything(noIds)).toThrowError(
      /trust\.authservIds: expected the authserv-ids of your receiving servers/,
    );
    const exchange = writeConfig('trust:\n  mode: exchangeOnline\n');
    expect(() => loadEverything(exchange)).toThrowError(
      /trust\.boundaryHosts: expected the Exchange Online hosts/,
    );
  });

  it('takes the database URL from DATABASE_URL and names a bad one', () => {
    const file = writeConfig('database:\n  url: mysql://db.example.test/cases\n');
    expect(() => loadAppConfig(file, {})).toThrowError(
      /database\.url: expected a postgres:\/\/.*found "mysql:/,
    );
    const url = 'postgres://si@127.0.0.1:5433/si_test';
    expect(loadAppConfig(file, { DATABASE_URL: url }).config.database.url).toBe(url);
  });

  it('names an unknown policy with the valid ids in an otherwise valid file', () => {
    const file = writeConfig(
      'mailboxes:\n  - { address: a@example.test, passwordEnv: IMAP_PASSWORD, policy: nosuch }\n',
    );
    expect(() => loadEverything(file)).toThrowError(
      /mailboxes\[0\]\.policy: expected one of "fastnetmon", "kolmisoft", "netop", "northwind", "perfana".*found "nosuch"/,
    );
  });

  it('validates the customer directory too, naming each bad account key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'si-customers-'));
    const customers = join(dir, 'customers.yaml');
    writeFileSync(
      customers,
      [
        'accounts:',
        '  - { id: acme, name: ACME, policy: netop, plan: gold, contacts: [{ email: a@example.test, name: A, role: administrator }] }',
        '  - { id: beta, name: Beta, policy: nosuch, plan: null, contacts: [{ email: b@example.test, name: B, role: boss }] }',
        '',
      ].join('\n'),
    );
    const file = writeConfig(`customersFile: ${customers}\n`);
    let error: unknown;
    try {
      loadEverything(file);
    } catch (err) {
      error = err;
    }
    const problems = (error as ConfigError).problems.map((p) => `${p.file}: ${p.path}: ${p.found}`);
    // Schema problems and unknown policy/plan references, all in one go.
    expect(problems).toEqual([
      `${customers}: accounts[1].contacts[0].role: "boss"`,
      `${customers}: accounts[0].plan: "gold"`,
      `${customers}: accounts[1].policy: "nosuch"`,
    ]);
    expect((error as ConfigError).message).toContain('accounts[0].plan: expected null or one of "standard"');
  });

  it('check-config exits non-zero and prints every problem; zero on a good file', async () => {
    const file = writeConfig(BROKEN);
    const bad = await run('npx', ['tsx', 'src/cli.ts', 'check-config', '--config', file]).then(
      () => ({ code: 0, stderr: '' }),
      (err: { code: number; stderr: string }) => err,
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`${file}: imap.port: expected number, found "143x"`);
    expect(bad.stderr).toContain(`${file}: ops.webhok: expected no such key`);
    expect(bad.stderr).toMatch(/problem\(s\)/);
    const good = await run('npx', ['tsx', 'src/cli.ts', 'check-config', '--config', 'config/local.yaml']);
    expect(good.stdout).toContain('configuration is valid');
    // Two CLI processes, each compiling the sources: about 6 s of CPU that a loaded machine can
    // stretch far past the default 30 s.
  }, 120_000);
});
