import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { answerSlaBatch } from '../../../../src/commands/sla-batch.js';
import { answerSlaQuery } from '../../../../src/commands/sla-query.js';
import { runSlaCli } from '../../../helpers/sla-cli.js';
import { shipped, shippedPoliciesDir } from './shipped-policies.js';

const runCli = (args: string[]) => runSlaCli(shippedPoliciesDir, args);

afterEach(() => {
  process.exitCode = undefined;
});

describe('sla command', () => {
  it('prints one JSON line with due times in the policy zone, seconds precision', async () => {
    const { out, code } = await runCli([
      '--policy',
      'netop',
      '--plan',
      'standard',
      '--severity',
      'critical',
      '--at',
      '2026-11-27T13:30:00Z',
    ]);
    expect(code).toBeUndefined();
    expect(out.endsWith('\n')).toBe(true);
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(out)).toEqual({
      policy: 'netop',
      plan: 'standard',
      severity: 'critical',
      at: '2026-11-27T14:30:00+01:00',
      targets: [
        { name: 'firstResponse', calendar: 'business', due: '2026-11-30T08:30:00+01:00' },
        { name: 'resolution1', calendar: 'business', due: '2026-12-04T14:30:00+01:00' },
        { name: 'resolution2', calendar: 'business', due: '2026-12-25T14:30:00+01:00' },
      ],
    });
  });

  it('prints "targets": [] for a plan without targets', async () => {
    const { out } = await runCli([
      '--policy',
      'kolmisoft',
      '--plan',
      'free',
      '--severity',
      'low',
      '--at',
      '2026-11-27T10:00:00+02:00',
    ]);
    expect(JSON.parse(out).targets).toEqual([]);
  });

  it('exits 2 and lists the valid ids for an unknown policy, plan or severity', async () => {
    const policy = await runCli([
      '--policy',
      'nope',
      '--plan',
      'x',
      '--severity',
      'y',
      '--at',
      '2026-11-27T10:00:00Z',
    ]);
    expect(policy.code).toBe(2);
    expect(policy.err).toContain(
      'valid policy ids: "fastnetmon", "kolmisoft", "netop", "northwind", "perfana"',
    );
    const plan = await runCli([
      '--policy',
      'perfana',
      '--plan',
      'gold',
      '--severity',
      'sev1',
      '--at',
      '2026-11-27T10:00:00Z',
    ]);
    expect(plan.code).toBe(2);
    expect(plan.err).toContain('valid plan ids: "free", "team", "enterprise"');
    const severity = await runCli([
      '--policy',
      'perfana',
      '--plan',
      'team',
      '--severity',
      'sev9',
      '--at',
      '2026-11-27T10:00:00Z',
    ]);
    expect(severity.code).toBe(2);
    expect(severity.err).toContain('valid severity ids: "sev1", "sev2", "sev3", "sev4"');
    expect(severity.out).toBe('');
  });

  it('exits 2 on a bad instant or a missing option', async () => {
    expect(
      (await runCli(['--policy', 'netop', '--plan', 'standard', '--severity', 'low', '--at', 'tomorrow']))
        .code,
    ).toBe(2);
    const missing = await runCli(['--policy', 'netop']);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('missing --plan, --severity, --at');
  });

  it('exits 2 with the ConfigError text for a bad policy folder', async () => {
    const { code, err } = await runCli(['--config', '/nonexistent/policies', '--policy', 'netop']);
    expect(code).toBe(2);
    expect(err).toContain('/nonexistent/policies');
  });

  it('--explain adds steps per target', async () => {
    const { out } = await runCli([
      '--policy',
      'fastnetmon',
      '--plan',
      'advanced',
      '--severity',
      'normal',
      '--at',
      '2026-11-27T16:00:00Z',
      '--explain',
    ]);
    const [target] = JSON.parse(out).targets;
    expect(target.due).toBe('2026-12-01T14:00:00+00:00');
    expect(target.steps[0]).toBe(
      'Fri 27 Nov 2026 16:00 Europe/London: clock starts; 12h00 of "support" business time needed',
    );
    expect(target.steps).toContain('skipped Saturday/Sunday (28 Nov–29 Nov): closed');
  });

  it('reads an instant without offset as wall time in the policy zone', () => {
    const answer = answerSlaQuery(
      shipped,
      { policy: 'kolmisoft', plan: 'enterprise', severity: 'blocker', at: '2026-03-29T02:30' },
      false,
    );
    expect(answer.at).toBe('2026-03-29T02:30:00+02:00');
    expect(answer.targets[0]?.due).toBe('2026-03-29T04:30:00+03:00');
  });
});

describe('sla --batch', () => {
  it('answers each JSON line in order, with an error object for a bad line', async () => {
    const input = Readable.from(
      [
        '{"policy":"perfana","plan":"enterprise","severity":"sev1","at":"2026-11-27T16:59:00+01:00"}',
        'not json',
        '',
        '{"policy":"perfana","plan":"team","severity":"sev9","at":"2026-11-27T10:00:00+01:00"}',
        '{"policy":"fastnetmon","plan":"advanced","severity":"normal","at":"2026-06-05T16:00:00Z"}',
      ].join('\n'),
    );
    let out = '';
    const ok = await answerSlaBatch(
      shipped,
      input,
      (t) => {
        out += t;
      },
      false,
    );
    expect(ok).toBe(false);
    const lines = out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(4);
    expect(lines[0].targets).toEqual([
      { name: 'firstResponse', calendar: 'enterprise', due: '2026-11-27T17:59:00+01:00' },
    ]);
    expect(lines[1].error).toMatch(/JSON/);
    expect(lines[2].error).toContain('valid severity ids');
    expect(lines[3]).toEqual({
      policy: 'fastnetmon',
      plan: 'advanced',
      severity: 'normal',
      at: '2026-06-05T17:00:00+01:00',
      targets: [{ name: 'firstResponse', calendar: 'support', due: '2026-06-09T15:00:00+01:00' }],
    });
  });
});
