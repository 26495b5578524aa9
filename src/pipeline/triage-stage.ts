import type { Job } from 'bullmq';
import { firstLines } from '../mail/text-excerpt.js';
import { decide } from '../policy/decide.js';
import type { CaseToOpen, Decision } from '../policy/decision-types.js';
import type { Policy } from '../policy/policy-schema.js';
import { monthlyLimit } from '../policy/rules/quota.js';
import { snapshotPlan } from '../policy/sla.js';
import type { Services } from '../services.js';
import type { NewCase } from '../store/case-store.js';
import { decideNewMail, type FactSources } from './decide-new-mail.js';
import { requestDecisionMails } from './decision-mails.js';
import type { TriageJobData } from './job-types.js';
import { quarantineJobMail } from './quarantine-job-mail.js';
import { scheduleAckCheck, scheduleSla } from './sla-schedule.js';

/**
 * Triage: who is this, what do they get. The policy core decides; this stage only gathers the
 * facts, reserves the quota atomically, stores the case and asks for the mails.
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
    return `quarantined: ${reason}`;
  }
  let decision = decided.decision;

  const accountId = input.customer?.accountId ?? decision.accountId;
  if (decision.countsTowardQuota && accountId) {
    const limit = monthlyLimit(policy.rules.quota.monthlyDefault, input.customer?.monthlyQuota);
    if (limit !== null) {
      const reservation = await s.quota.reserve(policy.id, accountId, monthKey, data.mail.messageId, limit);
      if (!reservation.admitted) {
        // Another worker took the last slot between our read and our reservation.
        decision = decide({ ...input, caseState: { requestsThisMonth: reservation.count } });
      }
    }
  }

  const caseToOpen =
    decision.outcome === 'accept' ? decision.case : decision.outcome === 'noReply' ? decision.case : null;
  const caseId = caseToOpen ? await openCase(s, policy, data, decision, caseToOpen, now) : undefined;
  s.metrics.decisions.inc({ policy: policy.id, decision: decision.outcome });
  if (!caseId) await s.mailLog(data, decision.outcome, decision.reason);

  const firstDue = caseToOpen?.targets.find((t) => t.due !== null)?.due ?? null;
  s.logger.info(
    {
      caseId: caseId ?? null,
      policy: policy.id,
      customer: data.mail.from.address,
      severity: caseToOpen?.severity ?? null,
      decision: decision.outcome,
      template: decision.template,
      due: firstDue?.toISOString() ?? null,
    },
    `${caseId ?? 'no case'}: ${decision.outcome} — ${decision.reason}`,
  );

  await requestDecisionMails(s, policy, data, decision, caseToOpen, caseId, input);
  return `${decision.outcome}${caseId ? ` ${caseId}` : ''}`;
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

async function openCase(
  s: Services,
  policy: Policy,
  data: TriageJobData,
  decision: Decision,
  toOpen: CaseToOpen,
  now: Date,
): Promise<string> {
  const waiting = toOpen.status === 'waitingOnCustomer';
  const snapshot = toOpen.planId ? snapshotPlan(policy, toOpen.planId, toOpen.severity) : null;
  const fields: NewCase = {
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
  // The case and its first history entries commit together.
  const history = [{ event: 'created', detail: `${decision.outcome}: ${decision.reason}` }];
  if (waiting) history.push({ event: 'status', detail: 'waiting on customer (resolution clocks paused)' });
  const { id, created } = await s.cases.create(policy.casePrefix, fields, history);
  if (created) {
    if (toOpen.recordContact) {
      const c = toOpen.recordContact;
      await s.redis.hset(s.keys.learnedContacts(), `${policy.id}|${c.email}`, c.accountId);
      await s.cases.addHistory(
        id,
        'contact-recorded',
        `${c.email} added to ${c.accountId} by licence key ${c.licenceKey}`,
        now,
      );
    }
  }
  // Scheduling again on a retried job only supersedes the first schedule: never two live ones.
  await scheduleSla(s, id, 'case opened');
  if (policy.ackDeadlineHours !== undefined) {
    await scheduleAckCheck(s, id, policy.ackDeadlineHours * policy.warningFraction);
  }
  return id;
}
