import { caseSubject } from '../mail/case-tag.js';
import { outboundMessageId } from '../mail/message-id.js';
import type { CaseToOpen, DecideInput, Decision } from '../policy/decision-types.js';
import type { Policy } from '../policy/policy-schema.js';
import type { Services } from '../services.js';
import type { NotifyJobData, TriageJobData } from './job-types.js';
import { customerReply, enqueueCustomerReply, enqueueNotify, internalMail } from './notify-requests.js';
import { type NotifyOrder, URGENT } from './queue-notify.js';
import { targetVars } from './target-vars.js';

/** One mail a decision asks for, and how it is queued. */
export interface PlannedMail {
  job: NotifyJobData;
  order: NotifyOrder;
  /** An automatic answer to the sender: RFC 3834 and the reply budgets may stop it. */
  customerReply: boolean;
}

/**
 * The mails one triage decision asks for: the reply to the customer (the ack starts or meets
 * clocks), the reseller's forward, the engineers' new-case notice, and one ops alert per flag.
 * Nothing is sent or stored here; `caseId` may be a stand-in the store replaces.
 */
export function planDecisionMails(
  s: Services,
  policy: Policy,
  data: TriageJobData,
  decision: Decision,
  toOpen: CaseToOpen | null,
  caseId: string | undefined,
  input: DecideInput,
): PlannedMail[] {
  const planned: PlannedMail[] = [];
  const zone = input.customer?.timezone ?? policy.timezone;
  const is24x7 = (name: string): boolean => policy.calendars[name]?.type === '24x7';
  const severity = toOpen ? policy.severities.find((sv) => sv.id === toOpen.severity) : undefined;
  const vars = {
    ...decision.vars,
    account: { name: input.customer?.accountName ?? '' },
    customer: {
      name: input.customer?.name ?? data.mail.from.name ?? data.mail.from.address,
      email: data.mail.from.address,
    },
    plan: toOpen?.planId ?? input.customer?.planId ?? '',
    severity: severity ? { id: severity.id, label: severity.label } : { id: '', label: '' },
    targets: toOpen ? targetVars(toOpen.targets, zone, is24x7, decision.replyLanguage) : [],
    notices: decision.outcome === 'accept' ? Object.fromEntries(decision.notices.map((n) => [n, true])) : {},
  };
  const withCase = caseId ? { caseId } : {};
  if (decision.template !== null) {
    const reply = customerReply(s, data, decision.template, vars, {
      ...withCase,
      language: decision.replyLanguage,
    });
    planned.push({
      job: caseId ? { ...reply, purpose: 'acknowledgement', mailReceivedAt: data.receivedAt } : reply,
      order: toOpen?.queuePriority ?? 0,
      customerReply: true,
    });
  }
  if (toOpen?.forwardToReseller && caseId) {
    const r = toOpen.forwardToReseller;
    const subject = caseSubject(caseId, data.mail.subject, s.casePrefixes);
    planned.push({
      job: internalMail(s, data, 'resellerForward', r.email, subject, { ...vars, reseller: r }, caseId),
      order: 0,
      customerReply: false,
    });
  }
  if (caseId && toOpen) {
    const team = s.config.staff.teamAddress[policy.id] ?? s.config.staff.teamAddress['*'];
    if (team) {
      const subject = caseSubject(caseId, data.mail.subject, s.casePrefixes);
      planned.push({
        job: internalMail(s, data, 'newCaseNotice', team, subject, vars, caseId),
        order: 0,
        customerReply: false,
      });
    }
  }
  for (const flag of decision.opsFlags) {
    // With a case, its tag leads the subject so a reply from ops threads onto the case.
    const subject = caseId
      ? `[${caseId}] ops: ${flag} — ${policy.name}`
      : `[ops] ${policy.name}: ${flag} — ${data.mail.from.address}`;
    const alert = internalMail(
      s,
      data,
      'opsAlert',
      s.config.ops.alertEmail,
      subject,
      { ...vars, kind: flag, reason: decision.reason },
      caseId,
    );
    planned.push({
      job: { ...alert, messageId: outboundMessageId(data.mailbox, `ops.${flag}`, data.mail.messageId, flag) },
      order: 0,
      customerReply: false,
    });
  }
  return planned;
}

/** A decision that opened no case: its mails asked for one by one (outbox entry, then job). */
export async function requestDecisionMails(
  s: Services,
  data: TriageJobData,
  planned: PlannedMail[],
): Promise<void> {
  for (const m of planned) {
    if (m.customerReply) await enqueueCustomerReply(s, data, m.job, m.order === URGENT ? 0 : m.order);
    else await enqueueNotify(s, m.job, m.order);
  }
}
