import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitMail, waitForMail } from '../helpers/local-stack.js';
import { caseIdIn, caseRecord, replyTo, sleep } from '../helpers/scenario-assertions.js';
import { type ExtraPolicy, startTestDaemon, type TestDaemon } from '../helpers/test-daemon.js';

// Every metric an ops team alerts on, scraped from the daemon's /metrics while a case goes
// through warning, breach and an engineer's answer on the real stack.

const QUICK: ExtraPolicy = {
  id: 'quick',
  yaml: `
id: quick
name: Quick Support
casePrefix: QM
timezone: Europe/London
warningFraction: 0.5
calendars:
  always: { type: 24x7 }
severities:
  - { id: low, label: Low }
plans:
  - id: gold
    paid: true
    targets:
      - { severity: low, target: firstResponse, amount: 0.1, unit: minutes, calendar: always }
      - { severity: low, target: resolution1, amount: 30, unit: minutes, calendar: always }
rules:
  severity:
    default: low
`,
  accountsYaml: `
  - id: quick-acme
    name: ACME Quick
    policy: quick
    plan: gold
    contacts:
      - { email: CUSTOMER, name: Casey Customer, role: administrator }
`,
};

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The Prometheus text format, one sample a line. */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line);
    if (!m?.[1] || line.startsWith('#')) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[l[1] ?? ''] = l[2] ?? '';
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

describe('metrics an ops team can alert on', () => {
  let d: TestDaemon;
  let webhookQueue: Queue;
  const base = (): string => `http://127.0.0.1:${d.httpPort}`;

  async function scrape(): Promise<Sample[]> {
    return parseExposition(await (await fetch(`${base()}/metrics`)).text());
  }
  /** The value of one series (labels must all match), 0 when absent. */
  const value = (samples: Sample[], name: string, labels: Record<string, string> = {}): number =>
    samples
      .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .reduce((sum, s) => sum + s.value, 0);
  const has = (samples: Sample[], name: string, labels: Record<string, string>): boolean =>
    samples.some((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));

  beforeAll(async () => {
    d = await startTestDaemon({ extraPolicy: QUICK, http: true });
    webhookQueue = new Queue('webhook', { connection: d.redis.duplicate(), prefix: `{${d.prefix}}:q` });
  });
  afterAll(async () => {
    await webhookQueue.close();
    await d.dispose();
  });

  it('moves each metric as a case is acknowledged, warned, breached and answered', async () => {
    const before = await scrape();
    // Every configured policy and open status has a series from the start.
    expect(has(before, 'support_intake_open_cases', { policy: 'quick', status: 'acknowledged' })).toBe(true);
    expect(value(before, 'support_intake_open_cases', { policy: 'quick' })).toBe(0);
    expect(has(before, 'support_intake_oldest_unanswered_case_age_seconds', { policy: 'quick' })).toBe(true);
    expect(has(before, 'support_intake_queue_jobs', { queue: 'notify', state: 'waiting' })).toBe(true);

    const mailbox = d.addresses.extraMailbox ?? '';
    const messageId = await submitMail({
      from: d.addresses.customer,
      to: mailbox,
      subject: 'Nightly export stopped',
      text: 'The nightly export has not run since Monday.',
    });
    const ack = await replyTo(d.addresses.customer, messageId);
    const caseId = caseIdIn('QM', ack.subject);
    await caseRecord(d, caseId, 'acknowledged');
    await sleep(1_100); // past the open-case snapshot's cache

    const acked = await scrape();
    expect(value(acked, 'support_intake_mails_total', { policy: 'quick', outcome: 'accept' })).toBe(1);
    expect(value(acked, 'support_intake_ack_latency_seconds_count', { policy: 'quick' })).toBe(1);
    const latency = value(acked, 'support_intake_ack_latency_seconds_sum', { policy: 'quick' });
    expect(latency).toBeGreaterThan(0);
    expect(latency).toBeLessThan(30);
    for (const queue of ['ingest', 'triage', 'notify']) {
      expect(
        value(acked, 'support_intake_stage_duration_seconds_count', { queue, result: 'ok' }),
      ).toBeGreaterThan(0);
    }
    expect(value(acked, 'support_intake_open_cases', { policy: 'quick', status: 'acknowledged' })).toBe(1);
    expect(
      value(acked, 'support_intake_oldest_unanswered_case_age_seconds', { policy: 'quick' }),
    ).toBeGreaterThan(0);
    // The SLA jobs of the case wait in their queue.
    expect(value(acked, 'support_intake_queue_jobs', { queue: 'sla', state: 'delayed' })).toBeGreaterThan(0);
    expect(value(acked, 'support_intake_mailbox_connected', { mailbox })).toBe(1);
    expect(value(acked, 'support_intake_mailbox_down', { mailbox })).toBe(0);

    // firstResponse: warning at 3 s, breach at 6 s.
    let late = acked;
    for (
      let i = 0;
      i < 60 && value(late, 'support_intake_sla_breaches_total', { policy: 'quick' }) === 0;
      i++
    ) {
      await sleep(500);
      late = await scrape();
    }
    expect(
      value(late, 'support_intake_sla_warnings_total', { policy: 'quick', target: 'firstResponse' }),
    ).toBe(1);
    expect(
      value(late, 'support_intake_sla_breaches_total', { policy: 'quick', target: 'firstResponse' }),
    ).toBe(1);
    expect(
      value(late, 'support_intake_oldest_unanswered_case_age_seconds', { policy: 'quick' }),
    ).toBeGreaterThan(5);

    const [notice] = await waitForMail(d.addresses.engineer, (m) =>
      (m.subject ?? '').includes(`[${caseId}]`),
    );
    await submitMail({
      from: d.addresses.engineer,
      to: mailbox,
      subject: `Re: ${notice?.subject ?? ''}`,
      text: 'Hi Casey,\n\nThe export runs again; we restarted the scheduler.',
    });
    await caseRecord(d, caseId, 'in-progress');
    await sleep(1_100); // past the open-case snapshot's cache
    const answered = await scrape();
    expect(
      value(answered, 'support_intake_mails_total', { policy: 'quick', outcome: 'engineer-reply' }),
    ).toBe(1);
    expect(value(answered, 'support_intake_open_cases', { policy: 'quick', status: 'acknowledged' })).toBe(0);
    expect(value(answered, 'support_intake_open_cases', { policy: 'quick', status: 'in-progress' })).toBe(1);
    expect(value(answered, 'support_intake_oldest_unanswered_case_age_seconds', { policy: 'quick' })).toBe(0);

    // A job that cannot be processed is given up: counted, and left in the failed set.
    await webhookQueue.add('webhook', { bogus: true } as never);
    let failed = answered;
    for (
      let i = 0;
      i < 40 && value(failed, 'support_intake_jobs_given_up_total', { queue: 'webhook' }) === 0;
      i++
    ) {
      await sleep(250);
      failed = await scrape();
    }
    expect(value(failed, 'support_intake_jobs_given_up_total', { queue: 'webhook' })).toBe(1);
    expect(value(failed, 'support_intake_queue_jobs', { queue: 'webhook', state: 'failed' })).toBe(1);

    // No label anywhere carries an address a mail chose.
    for (const s of failed) {
      for (const v of Object.values(s.labels)) {
        expect(v).not.toContain(d.addresses.customer);
        expect(v).not.toContain(d.addresses.engineer);
      }
    }
  }, 90_000);
});
