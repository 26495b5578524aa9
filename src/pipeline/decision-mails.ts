import { caseSubject } from '../mail/case-tag.js';
import { outboundMessageId } from '../mail/message-id.js';
import type { CaseToOpen, DecideInput, Decision } from '../policy/decision-types.js';
import type { Policy } from '../policy/policy-schema.js';
import type { Services } from '../services.js';
import { recordCustomerAttachments } from './customer-attachments.js';
import type { TriageJobData } from './job-types.js';
import { customerReply, enqueueCustomerReply, enqueueNotify, internalMail } from './notify-requests.js';
import { targetVars } from './target-vars.js';

/**
 * The mails one triage decision asks for: the reply to the customer (the ack starts or meets
 * clocks), the reseller's forward, the engineers' new-case notice, and one ops alert per flag.
 */
export async function requestDecisionMails(
  s: Services,
  policy: Policy,
  data: TriageJobData,
  decision: Decision,
  toOpen: CaseToOpen | null,
  caseId: string | undefined,
  input: DecideInput,
): Promise<void> {
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
    await enqueueCustomerReply(
      s,
      data,
      caseId ? { ...reply, purpose: 'acknowledgement', mailReceivedAt: data.receivedAt } : reply,
      toOpen?.queuePriority ?? 0,
    );
  }
  if (toOpen?.forwardToReseller && caseId) {
    const r = toOpen.forwardToReseller;
    await enqueueNotify(
      s,
      internalMail(
        s,
        data,
        'resellerForward',
        r.email,
        caseSubject(caseId, data.mail.subject, s.casePrefixes),
        { ...vars, reseller: r },
        caseId,
      ),
    );
  }
  if (caseId && toOpen) {
    await recordCustomerAttachments(s, caseId, data);
    const team = s.config.staff.teamAddress[policy.id] ?? s.config.staff.teamAddress['*'];
    if (team) {
      await enqueueNotify(
        s,
        internalMail(
          s,
          data,
          'newCaseNotice',
          team,
          caseSubject(caseId, data.mail.subject, s.casePrefixes),
          vars,
          caseId,
        ),
      );
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
    await enqueueNotify(s, {
      ...alert,
      messageId: outboundMessageId(data.mailbox, `ops.${flag}`, data.mail.messageId, flag),
    });
  }
}
