import { randomBytes } from 'node:crypto';
import type { Job } from 'bullmq';
import { noReplyReason } from '../mail/loop-guard.js';
import { firstLines } from '../mail/text-excerpt.js';
import { decide } from '../policy/decide.js';
import type { CaseToOpen, DecideInput, Decision } from '../policy/decision-types.js';
import type { Policy } from '../policy/policy-schema.js';
import { monthlyLimit } from '../policy/rules/quota.js';
import { snapshotPlan } from '../policy/sla.js';
import type { Services } from '../services.js';
import type { QuotaClaim } from '../store/case-opening.js';
import type { CaseRecord, NewCase } from '../store/case-store.js';
import { attachmentGroup } from './attachment-refs.js';
import { currentTargets } from './case-clock.js';
import { ATTACHMENTS_EVENT } from './customer-attachments.js';
import { decideNewMail, type FactSources } from './decide-new-mail.js';
import { type PlannedMail, planDecisionMails, requestDecisionMails } from './decision-mails.js';
import type { NotifyJobData, TriageJobData } from './job-types.js';
import { replySuppressed } from './notify-requests.js';
import type { SendAttempt } from './notify-stage.js';
import { quarantineJobMail } from './quarantine-job-mail.js';
import type { StoredNotifyJob } from './queue-notify.js';
import { intakeRecordId } from './replay-mark.js';
import { sendNowOrQueue, sendsAtOnce } from './send-now.js';
import { queueSlaTimer, scheduleAckCheck } from './sla-schedule.js';

/**
 * Triage: who is this, what do they get. The policy core decides; this stage gathers the facts
 * (one read), opens the case with everything that commits with it (one statement), and queues
 * the jobs that follow from it.
 */
export async function processTriage(job: Job<TriageJobData>, s: Services): Promise<string> {
  const data = job.data;
  const policy = s.policies.get(data.policy);
  if (!policy) throw new Error(`mailbox ${data.mailbox} is bound to unknown policy ${data.policy}`);
  const now = s.now();
  const decided = await decideNewMail(factSources(s, data.mail.messageId), policy, data.mail, now);
  const { input, monthKey } = decided;
  if (decided.overBudget) {
    const reason = `classification took ${decided.tookMs} ms, over the ${s.config.worker.decideBudgetMs} ms budget`;
    await quarantineJobMail(s, data, reason);
    await finishIntake(s, data);
    return `quarantined: ${reason}`;
  }
  let decision = decided.decision;
  let caseId: string | undefined;
  // At most twice: a quota slot taken by another worker since our read changes the decision.
  for (let attempt = 0; attempt < 2; attempt++) {
    const toOpen = caseToOpen(decision);
    if (!toOpen) break;
    const opened = await openCase(s, policy, data, decision, toOpen, input, monthKey, now, {
      owner: `mail:${job.id}`,
      attemptsMade: job.attemptsMade,
    });
    if ('caseId' in opened) {
      caseId = opened.caseId;
      break;
    }
    decision = decide({ ...input, caseState: { requestsThisMonth: opened.quotaFull } });
  }
  const toOpen = caseToOpen(decision);
  s.metrics.decisions.inc({ policy: policy.id, decision: decision.outcome });
  if (!caseId) {
    await s.mailLog(data, decision.outcome, decision.reason);
    await requestDecisionMails(s, data, planDecisionMails(s, policy, data, decision, null, undefined, input));
    await finishIntake(s, data);
  }

  const firstDue = toOpen?.targets.find((t) => t.due !== null)?.due ?? null;
  s.logger.info(
    {
      caseId: caseId ?? null,
      policy: policy.id,
      customer: data.mail.from.address,
      severity: toOpen?.severity ?? null,
      decision: decision.outcome,
      template: decision.template,
      due: firstDue?.toISOString() ?? null,
    },
    `${caseId ?? 'no case'}: ${decision.outcome} — ${decision.reason}`,
  );
  return `${decision.outcome}${caseId ? ` ${caseId}` : ''}`;
}

const caseToOpen = (d: Decision): CaseToOpen | null =>
  d.outcome === 'accept' ? d.case : d.outcome === 'noReply' ? d.case : null;

async function finishIntake(s: Services, data: TriageJobData): Promise<void> {
  await s.intake.finish(intakeRecordId(data));
}

/**
 * The stores behind a live decision: learned contacts (Redis) and the quota ledger (PostgreSQL),
 * counted without this mail's own reservation, so a retried job decides as the first try did.
 */
function factSources(s: Services, requestId: string): FactSources {
  return {
    directory: s.directory(),
    limits: s.config.worker,
    learnedContact: (policyId, sender) => s.redis.hget(s.keys.learnedContacts(), `${policyId}|${sender}`),
    requestsThisMonth: (policyId, accountId, monthKey) =>
      s.quota.count(policyId, accountId, monthKey, requestId),
  };
}

/**
 * Opens the case in one statement: the quota slot, the case with its first schedule, history
 * and the mails it asks for (built with a stand-in for the case number, which only the
 * statement knows), and the intake record closed. Then the jobs: mails, SLA checks.
 */
async function openCase(
  s: Services,
  policy: Policy,
  data: TriageJobData,
  decision: Decision,
  toOpen: CaseToOpen,
  input: DecideInput,
  monthKey: string,
  now: Date,
  sender: SendAttempt,
): Promise<{ caseId: string } | { quotaFull: number }> {
  const token = `CASE-${randomBytes(10).toString('hex')}`;
  const atOnce = sendsAtOnce(s);
  const fields = newCaseFields(policy, data, decision, toOpen, now);
  // The first schedule commits with the case (version 1): due times from its own record.
  const targets = currentTargets({ ...fields, id: token } as CaseRecord);
  fields.targets = JSON.stringify(targets);
  const history = [{ event: 'created', detail: `${decision.outcome}: ${decision.reason}` }];
  if (fields.status === 'waiting')
    history.push({ event: 'status', detail: 'waiting on customer (resolution clocks paused)' });
  const contact = toOpen.recordContact;
  if (contact) {
    history.push({
      event: 'contact-recorded',
      detail: `${contact.email} added to ${contact.accountId} by licence key ${contact.licenceKey}`,
    });
  }
  const attachments = attachmentGroup(s, data);
  if (attachments) history.push({ event: ATTACHMENTS_EVENT, detail: JSON.stringify(attachments) });

  // RFC 3834 and robots stop answers before they are written down; the budgets need the case ID.
  const noReply = noReplyReason(data.mail);
  const planned = planDecisionMails(s, policy, data, decision, toOpen, token, input);
  const mails = planned.filter((m) => !(m.customerReply && noReply));
  if (noReply && mails.length < planned.length) await s.mailLog(data, 'reply-suppressed', noReply);

  const opened = await s.cases.open({
    casePrefix: policy.casePrefix,
    fields,
    history,
    quota: quotaClaim(policy, data, decision, input, monthKey),
    token,
    mails: mails.map((m) => ({
      messageId: m.job.messageId,
      fields: {
        template: m.job.template,
        to: m.job.to.join(','),
        subject: m.job.subject,
        caseId: m.job.caseId ?? '',
      },
      job: { data: m.job, order: m.order } satisfies StoredNotifyJob,
    })),
    intakeJobId: intakeRecordId(data),
    // Written claimed by this job when it sends them itself: no claim statement per send.
    ...(atOnce ? { claimedBy: sender.owner } : {}),
  });
  if (!opened.admitted) return { quotaFull: opened.count };
  const { caseId } = opened;
  if (contact)
    await s.redis.hset(s.keys.learnedContacts(), `${policy.id}|${contact.email}`, contact.accountId);
  // Only rows this call wrote are claimed already; a retry's were written by an earlier attempt.
  const claimed = opened.created && atOnce;
  const ackSent = await sendOpeningMails(s, data, mails, token, caseId, { ...sender, claimed });
  // A retried job whose case was rescheduled since queues a version-1 timer that finds a newer
  // version when it fires and does nothing.
  await queueSlaTimer(s, caseId, targets, 1);
  // The deadline check is for an acknowledgement still waiting to leave; one that left is done.
  if (policy.ackDeadlineHours !== undefined && !ackSent) {
    await scheduleAckCheck(s, caseId, policy.ackDeadlineHours * policy.warningFraction);
  }
  return { caseId };
}

/**
 * The committed mails, sent from this job (or queued, see send-now.ts); an answer the reply
 * budgets stop is marked so and never sent. A retried job sends only what is not sent yet.
 * True when the acknowledgement has left (now, or by an earlier attempt).
 */
async function sendOpeningMails(
  s: Services,
  data: TriageJobData,
  mails: PlannedMail[],
  token: string,
  caseId: string,
  sender: SendAttempt,
): Promise<boolean> {
  let ackSent = false;
  for (const m of mails) {
    const job = JSON.parse(JSON.stringify(m.job).replaceAll(token, caseId)) as NotifyJobData;
    if (m.customerReply && (await replySuppressed(s, data, job))) {
      await s.outbox.suppress(job.messageId, sender.owner);
      continue;
    }
    const sent = await sendNowOrQueue(s, job, m.order, sender);
    if (job.purpose === 'acknowledgement') ackSent = sent;
  }
  return ackSent;
}

function quotaClaim(
  policy: Policy,
  data: TriageJobData,
  decision: Decision,
  input: DecideInput,
  monthKey: string,
): QuotaClaim | null {
  const accountId = input.customer?.accountId ?? decision.accountId;
  if (!decision.countsTowardQuota || !accountId) return null;
  const limit = monthlyLimit(policy.rules.quota.monthlyDefault, input.customer?.monthlyQuota);
  if (limit === null) return null;
  return { policy: policy.id, accountId, month: monthKey, requestId: data.mail.messageId, limit };
}

function newCaseFields(
  policy: Policy,
  data: TriageJobData,
  decision: Decision,
  toOpen: CaseToOpen,
  now: Date,
): NewCase {
  const waiting = toOpen.status === 'waitingOnCustomer';
  const snapshot = toOpen.planId ? snapshotPlan(policy, toOpen.planId, toOpen.severity) : null;
  return {
    policy: policy.id,
    accountId: toOpen.accountId ?? '',
    customerEmail: data.mail.from.address,
    customerName: data.mail.from.name,
    status: waiting ? 'waiting' : 'new',
    severity: toOpen.severity,
    planId: toOpen.planId ?? '',
    subject: data.mail.subject,
    messageId: data.mail.messageId,
    mailbox: data.mailbox,
    createdAt: now.toISOString(),
    snapshot: JSON.stringify(snapshot),
    targets: JSON.stringify(toOpen.targets),
    decision: decision.reason,
    pauses: JSON.stringify(waiting ? [{ from: now.toISOString() }] : []),
    billing: JSON.stringify(toOpen.billing),
    language: decision.replyLanguage,
    lastCustomerText: firstLines(data.mail.text, 12, 1000),
    // Netop: a reseller's customer starts at the reseller (first level), others at our support.
    level: toOpen.forwardToReseller ? `first-level:${toOpen.forwardToReseller.email}` : 'first-level',
    priority: String(toOpen.queuePriority),
  };
}
