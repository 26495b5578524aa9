import type { Job } from 'bullmq';
import { raiseCaseAlert } from '../ops/alerts.js';
import type { Services } from '../services.js';
import { transitionCase } from './case-lifecycle.js';
import type { SlaJobData } from './job-types.js';

/**
 * A warning or breach check fires. It re-reads the case and does nothing when the schedule was
 * superseded, the target met or the case closed; otherwise it records the event once, alerts ops
 * and, on a breach, escalates where the policy has a next level (Netop).
 */
export async function processSla(job: Job<SlaJobData>, s: Services): Promise<string> {
  const { caseId, target, kind, version } = job.data;
  const record = await s.cases.get(caseId);
  if (!record) return 'case gone';
  if (kind === 'autoClose') {
    // Only the resolution this job was scheduled for: a reopened and re-resolved case has a newer job.
    if (record.status !== 'resolved' || record.resolvedAt !== job.data.dueAt) return 'no longer resolved';
    await transitionCase(
      s,
      record,
      'closed',
      `closed automatically ${s.config.lifecycle.autoCloseDays} days after resolution`,
    );
    return 'closed';
  }
  if (kind === 'ackCheck') {
    if (record.ackSentAt) return 'acknowledgement sent';
    await raiseCaseAlert(s, {
      record,
      kind: 'ack-overdue',
      detail: 'the acknowledgement with the case ID has not been sent yet',
    });
    return 'ack overdue: ops alerted';
  }
  if (Number(record.slaVersion ?? 0) !== version) return 'stale schedule';
  if (record.status === 'resolved' || record.status === 'closed') return `case ${record.status}`;
  if (record[`met.${target}`]) return 'target met';
  const now = s.now();
  const first = await s.cases.setOnce(caseId, `${kind}.${target}`, now.toISOString());
  if (!first) return `${kind} already recorded`;
  (kind === 'breach' ? s.metrics.slaBreaches : s.metrics.slaWarnings).inc({ policy: record.policy, target });
  const dueAt = new Date(job.data.dueAt);
  await s.cases.addHistory(
    caseId,
    `sla-${kind}`,
    `${target} ${kind === 'breach' ? 'breached' : 'nearly due'} (due ${dueAt.toISOString()})`,
    now,
  );
  await raiseCaseAlert(s, {
    record,
    kind,
    target,
    dueAt,
    detail: `${target} ${kind === 'breach' ? 'breached' : 'at warning threshold'}`,
  });
  if (kind === 'breach') {
    const policy = s.policies.get(record.policy);
    const step = policy?.escalations.find((e) => e.onBreach === target);
    if (step) {
      await s.cases.update(caseId, { level: step.to });
      await s.cases.addHistory(caseId, 'escalated', `to ${step.label} after ${target} breach`, now);
      await raiseCaseAlert(s, {
        record,
        kind: `escalation-${step.to}`,
        target,
        dueAt,
        detail: `escalated to ${step.label}`,
        escalatedTo: step.label,
      });
    }
  }
  return `${kind} ${target}`;
}
