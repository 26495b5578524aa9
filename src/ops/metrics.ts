import { Counter, collectDefaultMetrics, Registry } from 'prom-client';

/** One registry per daemon (tests run several daemons in one process). */
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
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
