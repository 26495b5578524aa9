import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitMail } from '../helpers/local-stack.js';
import { caseIdIn, replyTo } from '../helpers/scenario-assertions.js';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon.js';

const run = promisify(execFile);

// `cases list`, `case show` and `quota show` against a running daemon's store.
describe('operator commands', () => {
  let d: TestDaemon;
  const cli = async (...args: string[]) =>
    run('npx', ['tsx', 'src/cli.ts', ...args, '-c', d.configFile], {
      env: { ...process.env, DATABASE_URL: d.databaseUrl },
    });
  beforeAll(async () => {
    d = await startTestDaemon();
  });
  afterAll(async () => {
    await d.dispose();
  });

  it('list the cases next due first, show one with its targets and history, and count the quota', async () => {
    const mailbox = d.addresses.mailbox.fastnetmon;
    const first = await submitMail({
      from: d.addresses.customer,
      to: mailbox,
      subject: 'fcli crash',
      text: 'fcli crashes on "set hostgroup core".',
    });
    const second = await submitMail({
      from: d.addresses.customer,
      to: d.addresses.mailbox.netop,
      subject: 'Production down',
      text: 'Production down: no Guest reaches any Host.',
    });
    const fnm = caseIdIn('FNM', (await replyTo(d.addresses.customer, first)).subject);
    const netop = caseIdIn('NETOP', (await replyTo(d.addresses.customer, second)).subject);

    const listed = (await cli('cases', 'list', '--json')).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { id: string; nextDue: string | null; customer: string });
    expect(listed.map((c) => c.id).sort()).toEqual([fnm, netop].sort());
    const dues = listed.map((c) => Date.parse(c.nextDue ?? ''));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    const breachedOnNetop = await cli('cases', 'list', '--policy', 'netop', '--breached', '--json');
    expect(breachedOnNetop.stdout.trim()).toBe('');

    const table = (await cli('cases', 'list')).stdout;
    expect(table.split('\n')[0]).toMatch(/^CASE\s+STATUS\s+SEVERITY\s+NEXT DUE\s+TIME LEFT/);
    expect(table).toContain(fnm);

    const shown = JSON.parse((await cli('case', 'show', fnm, '--json')).stdout) as {
      case: { id: string; customerEmail: string };
      targets: { name: string; due: string | null }[];
      history: { event: string }[];
      messages: string[];
    };
    expect(shown.case).toMatchObject({ id: fnm, customerEmail: d.addresses.customer });
    expect(shown.targets.map((t) => t.name)).toContain('firstResponse');
    expect(shown.history.map((h) => h.event)).toContain('created');
    expect(shown.messages).toContain(first);
    expect((await cli('case', 'show', fnm)).stdout).toMatch(/targets:\n\s+firstResponse\s+due \d{4}-/);

    const quota = JSON.parse(
      (await cli('quota', 'show', '--policy', 'fastnetmon', '--account', 'acme-fastnetmon', '--json')).stdout,
    ) as {
      used: number;
      limit: number | null;
    };
    expect(quota.used).toBe(1);
    expect(quota.limit).toBe(10);

    await expect(cli('case', 'show', 'FNM-999999')).rejects.toMatchObject({ stderr: 'no case FNM-999999\n' });
  }, 180_000);
});
