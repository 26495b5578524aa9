import type { Job } from 'bullmq';
import { intakeJobId } from '../mail/intake-id.js';
import { sendOpsAlert } from '../ops/ops-alert.js';
import type { Services } from '../services.js';
import { ingestJobSchema, notifyJobSchema } from './job-schemas.js';
import { quarantineJobMail } from './quarantine-job-mail.js';
import type { QueueName } from './queues.js';

/**
 * A job BullMQ will not try again (attempts spent, or a permanent error): counted, recorded
 * where it belongs and alerted once (deterministic alert IDs). A mail that failed a stage is
 * quarantined with the error; a mail we could not send is written into its case's history.
 * The job itself stays in the failed set for inspection.
 */
export async function handleGivenUpJob(s: Services, queue: QueueName, job: Job, err: Error): Promise<void> {
  s.metrics.jobsGivenUp.inc({ queue });
  const reason = `${queue} job given up after ${job.attemptsMade} attempt(s): ${err.message}`.slice(0, 1000);
  s.logger.error({ queue, jobId: job.id, attempts: job.attemptsMade, err: err.message }, 'job given up');
  const key = `given-up.${queue}.${job.id}`;

  if (queue === 'ingest' || queue === 'triage') {
    const mail = ingestJobSchema.safeParse(job.data);
    if (mail.success) {
      await quarantineJobMail(s, mail.data, reason);
      await s.intake.finish(intakeJobId(mail.data.mailbox, mail.data.uidValidity, mail.data.uid));
      return;
    }
  } else if (queue === 'notify') {
    const notify = notifyJobSchema.safeParse(job.data);
    if (notify.success) {
      const n = notify.data;
      // Never queued again by the reconcile step: a refusal for good stays one.
      await s.outbox.markFailed(n.messageId);
      if (n.caseId) {
        await s.cases.addHistory(
          n.caseId,
          'mail-failed',
          `${n.template} to ${n.to.join(', ')}: ${err.message}`,
          s.now(),
        );
      }
      // An alert about a failed alert would fail the same way, and could loop.
      if (n.template === 'opsAlert') return;
      return sendOpsAlert(s, {
        key,
        kind: 'mail not sent',
        reason: `${n.template} to ${n.to.join(', ')}: ${reason}`,
        policy: n.policy,
        ...(n.caseId ? { caseId: n.caseId } : {}),
      });
    }
  }
  await sendOpsAlert(s, { key, kind: `${queue} job failed`, reason });
}
