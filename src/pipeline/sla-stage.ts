import type { Job } from 'bullmq';
import { raiseCaseAlert } from '../ops/alerts.js';
import type { Services } from '../services.js';
import type { CaseRecord } from '../store/case-store.js';
import { transitionCase } from './case-lifecycle.js';
import type { SlaJobData } from './job-types.js';
import { marksOf, queueTimerFor, storedTargets } from './sla-schedule.js';
import { unrecordedSlaEvents } from './sla-timer.js';

/**
 * An SLA job fires. It re-reads the case and does nothing when the schedule was superseded or
 * the case resolved or closed; otherwise the timer handles what is due (see runTimer).
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
  if (kind === 'timer') return runTimer(s, record, version);
  // A warning or breach job of one target, queued by an earlier version.
  if (record[`met.${target}`]) return 'target met';
  const fired = await fireSlaEvent(s, record, { target, kind, due: new Date(job.data.dueAt) });
  return fired ? `${kind} ${target}` : `${kind} already recorded`;
}

/**
 * The case's timer fired: every warning and breach due by now (late ones included, after a
 * worker outage) is handled once, then the timer for the next one is queued. A retried job
 * finds the marks of what it did and queues the same next timer (its ID is derived).
 */
async function runTimer(s: Services, record: CaseRecord, version: number): Promise<string> {
  const now = s.now();
  const done = marksOf(record);
  const events = unrecordedSlaEvents(storedTargets(record), done);
  const fired: string[] = [];
  for (const event of events.filter((e) => e.at.getTime() <= now.getTime())) {
    // A met target's instants pass without a word; they stay unrecorded.
    if (done(`met.${event.target}`)) continue;
    if (await fireSlaEvent(s, record, event)) fired.push(`${event.kind} ${event.target}`);
  }
  const next = events.find((e) => e.at.getTime() > now.getTime());
  if (next) await queueTimerFor(s, record.id, version, next);
  return `${fired.length > 0 ? fired.join(', ') : 'nothing due'}${next ? `; next ${next.kind} ${next.target} at ${next.at.toISOString()}` : ''}`;
}

/**
 * One warning or breach, recorded once (the case's mark decides), alerted, and on a breach
 * escalated where the policy has a next level (Netop). False when it was recorded already.
 */
async function fireSlaEvent(
  s: Services,
  record: CaseRecord,
  event: { target: SlaJobData['target']; kind: 'warning' | 'breach'; due: Date },
): Promise<boolean> {
  const { target, kind, due: dueAt } = event;
  const caseId = record.id;
  const now = s.now();
  const first = await s.cases.setOnce(caseId, `${kind}.${target}`, now.toISOString());
  if (!first) return false;
  (kind === 'breach' ? s.metrics.slaBreaches : s.metrics.slaWarnings).inc({ policy: record.policy, target });
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
  return true;
}
