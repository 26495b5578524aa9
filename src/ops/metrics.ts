import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/**
 * One registry per daemon (tests run several daemons in one process). Labels are policy ids,
 * queue and template names, target names and fixed outcome words: never an address or anything
 * else a mail chooses, so the number of series stays bounded. Counters and histograms count what
 * this process did; the state gauges (state-gauges.ts) read Redis at scrape time.
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    mailsEnqueued: new Counter({
      name: 'support_intake_mails_enqueued_total',
      help: 'Mails taken from a mailbox and enqueued for ingest',
      labelNames: ['mailbox'],
      registers: [registry],
    }),
    mailsQuarantined: new Counter({
      name: 'support_intake_mails_quarantined_total',
      help: 'Mails moved to the Quarantine folder',
      labelNames: ['mailbox'],
      registers: [registry],
    }),
    decisions: new Counter({
      name: 'support_intake_decisions_total',
      help: 'Triage decisions by policy and outcome',
      labelNames: ['policy', 'decision'],
      registers: [registry],
    }),
    mailsSent: new Counter({
      name: 'support_intake_mails_sent_total',
      help: 'Outgoing mails sent, by template',
      labelNames: ['template'],
      registers: [registry],
    }),
    jobsGivenUp: new Counter({
      name: 'support_intake_jobs_given_up_total',
      help: 'Jobs that failed their last attempt, by queue (replay them from the failed set)',
      labelNames: ['queue'],
      registers: [registry],
    }),
    jobsInvalid: new Counter({
      name: 'support_intake_jobs_invalid_total',
      help: 'Jobs whose payload failed their queue schema (failed once, not retried), by queue',
      labelNames: ['queue'],
      registers: [registry],
    }),
    mailsIgnored: new Counter({
      name: 'support_intake_mails_ignored_total',
      help: 'Inbound mails answered with nothing (auto-replies, bounces, loops)',
      labelNames: ['reason'],
      registers: [registry],
    }),
    mails: new Counter({
      name: 'support_intake_mails_total',
      help: 'Inbound mails by policy and final outcome (a triage decision, follow-up, engineer-reply, automatic, quarantined, …)',
      labelNames: ['policy', 'outcome'],
      registers: [registry],
    }),
    ackLatency: new Histogram({
      name: 'support_intake_ack_latency_seconds',
      help: "Time from a mail's arrival in the mailbox to its acknowledgement leaving, by policy",
      labelNames: ['policy'],
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
      registers: [registry],
    }),
    stageDuration: new Histogram({
      name: 'support_intake_stage_duration_seconds',
      help: 'Time one job attempt spends in a pipeline stage, by queue and result (ok, error)',
      labelNames: ['queue', 'result'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    slaWarnings: new Counter({
      name: 'support_intake_sla_warnings_total',
      help: 'Targets that reached their warning threshold unmet, by policy and target',
      labelNames: ['policy', 'target'],
      registers: [registry],
    }),
    slaBreaches: new Counter({
      name: 'support_intake_sla_breaches_total',
      help: 'Targets breached, by policy and target',
      labelNames: ['policy', 'target'],
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
