import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { MailboxHealthTracker } from '../../../src/ops/mailbox-health.js';
import { createMetrics } from '../../../src/ops/metrics.js';
import { registerStateGauges } from '../../../src/ops/state-gauges.js';
import type { Queues } from '../../../src/pipeline/queues.js';
import type { RedisKeys } from '../../../src/store/keys.js';

// The alert rules and the dashboard may only name metrics the daemon exports, and every alert
// has its runbook. With promtool on PATH (Debian: prometheus), the rules are also checked and
// their own tests (ops/prometheus/alerts.test.yml) run.

/** Every metric name one daemon exports (the http role's registry with all its parts). */
async function exportedNames(): Promise<Set<string>> {
  const metrics = createMetrics();
  registerStateGauges({
    registry: metrics.registry,
    queues: {} as Queues,
    cases: { withStatus: async () => [], get: async () => undefined },
    policyIds: [],
    now: () => new Date(),
  });
  const tracker = new MailboxHealthTracker({
    redis: {} as never,
    keys: {} as RedisKeys,
    registry: metrics.registry,
    alerts: { down: async () => {}, recovered: async () => {} },
    downAlertMinutes: 10,
    now: () => new Date(),
    logger: pino({ level: 'silent' }),
  });
  await tracker.close();
  const names = new Set<string>();
  for (const m of metrics.registry.getMetricsAsArray()) {
    names.add(m.name);
    if (m.constructor.name === 'Histogram') {
      for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${m.name}${suffix}`);
    }
  }
  return names;
}

const metricNamesIn = (expr: string): string[] => expr.match(/\bsupport_intake_[a-z0-9_]+\b/g) ?? [];

interface Rule {
  alert: string;
  expr: string;
  annotations: { summary: string; runbook: string };
}
const rules = (
  parse(readFileSync('ops/prometheus/alerts.yml', 'utf8')) as { groups: { rules: Rule[] }[] }
).groups.flatMap((g) => g.rules);

interface Panel {
  id: number;
  title: string;
  targets: { expr: string }[];
}
const dashboard = JSON.parse(readFileSync('ops/grafana/support-intake.json', 'utf8')) as {
  uid: string;
  panels: Panel[];
  templating: { list: { name: string }[] };
};

describe('ops/prometheus/alerts.yml', () => {
  it('covers breach rate, oldest unanswered case, mailbox down, jobs given up and queue backlog', () => {
    const exprs = rules.map((r) => r.expr).join('\n');
    for (const metric of [
      'support_intake_sla_breaches_total',
      'support_intake_oldest_unanswered_case_age_seconds',
      'support_intake_mailbox_down',
      'support_intake_jobs_given_up_total',
      'support_intake_queue_jobs',
    ])
      expect(exprs).toContain(metric);
  });

  it.each(rules.map((r) => [r.alert, r] as const))('%s names only exported metrics', async (_, rule) => {
    const names = await exportedNames();
    const used = metricNamesIn(rule.expr);
    expect(used.length).toBeGreaterThan(0);
    for (const name of used) expect(names, `${name} in ${rule.alert}`).toContain(name);
  });

  it.each(rules.map((r) => [r.alert, r] as const))('%s has its runbook in docs/operations.md', (_, rule) => {
    const docs = readFileSync('docs/operations.md', 'utf8');
    const anchor = rule.annotations.runbook.split('#')[1] ?? '';
    const headings = [...docs.matchAll(/^#{2,4} (.+)$/gm)].map((m) =>
      (m[1] ?? '')
        .toLowerCase()
        .replace(/[^a-z0-9 -]/g, '')
        .replace(/ /g, '-'),
    );
    expect(headings).toContain(anchor);
  });

  const promtool = (() => {
    try {
      execFileSync('promtool', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!promtool)('passes promtool check rules and its rule tests', () => {
    execFileSync('promtool', ['check', 'rules', 'ops/prometheus/alerts.yml'], { stdio: 'pipe' });
    execFileSync('promtool', ['test', 'rules', 'ops/prometheus/alerts.test.yml'], { stdio: 'pipe' });
  });
});

describe('ops/grafana/support-intake.json', () => {
  it('is a dashboard with a data source variable and unique panel ids', () => {
    expect(dashboard.uid).toBe('support-intake');
    expect(dashboard.templating.list.map((v) => v.name)).toContain('datasource');
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('shows every metric the alerts use and names only exported ones', async () => {
    const names = await exportedNames();
    const used = new Set(dashboard.panels.flatMap((p) => p.targets.flatMap((t) => metricNamesIn(t.expr))));
    for (const name of used) expect(names, name).toContain(name);
    for (const rule of rules) for (const name of metricNamesIn(rule.expr)) expect(used).toContain(name);
    for (const base of [
      'support_intake_mails_total',
      'support_intake_stage_duration_seconds_bucket',
      'support_intake_open_cases',
      'support_intake_sla_warnings_total',
    ])
      expect(used).toContain(base);
  });
});
