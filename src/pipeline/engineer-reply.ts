import { tagSubject } from '../mail/case-tag.js';
import { type EngineerCommand, parseEngineerReply } from '../mail/engineer-commands.js';
import { outboundMessageId } from '../mail/message-id.js';
import type { TemplateVars } from '../mail/template-renderer.js';
import { raiseCaseAlert } from '../ops/alerts.js';
import type { Services } from '../services.js';
import type { CaseRecord, CaseStatus } from '../store/case-store.js';
import { transitionCase } from './case-lifecycle.js';
import { requestAttachmentDelivery } from './customer-attachments.js';
import type { IngestJobData } from './job-types.js';
import { enqueueNotify, internalMail, URGENT } from './notify-requests.js';
import { scheduleSla } from './sla-schedule.js';

/**
 * An engineer answered on a case thread from their own mail client: apply the commands, relay
 * the stripped answer to the customer from the support address, and meet the first response.
 */
export async function handleEngineerReply(
  s: Services,
  data: IngestJobData,
  record: CaseRecord,
): Promise<string> {
  const { mail } = data;
  const now = s.now();
  // The reply parser backtracks on pathological quote headers ("On On On …"): it reads a bounded start.
  const parsed = parseEngineerReply(mail.text.slice(0, s.config.worker.classifyTextChars));
  const internal = parsed.commands.some((c) => c.name === 'internal');
  const engineer = mail.from.address;
  await s.cases.linkMessage(mail.messageId, record.id);

  if (parsed.unknown.length > 0) {
    await enqueueNotify(
      s,
      internalMail(
        s,
        data,
        'unknownCommand',
        engineer,
        tagSubject(record.id, record.subject, s.casePrefixes),
        {
          command: parsed.unknown.join(', '),
          severities: (s.policies.get(record.policy)?.severities ?? []).map((sv) => sv.id).join(', '),
        },
        record.id,
      ),
    );
    await s.cases.addHistory(record.id, 'unknown-command', `${engineer}: ${parsed.unknown.join(', ')}`, now);
  }

  const relayed = !internal && parsed.answer !== '';
  if (relayed) {
    await enqueueNotify(
      s,
      {
        messageId: outboundMessageId(data.mailbox, `${record.id}.answer`, mail.messageId),
        policy: record.policy,
        template: 'engineerAnswer',
        from: data.mailbox,
        to: [record.customerEmail],
        replyTo: data.mailbox,
        subject: tagSubject(record.id, record.subject, s.casePrefixes),
        inReplyTo: record.messageId,
        references: [record.messageId, ...(mail.inReplyTo ? [mail.inReplyTo] : [])],
        // The footer and any policy wording read the same variables as every other mail.
        vars: {
          ...answerVars(s, record),
          answer: parsed.answer,
          caseId: record.id,
        },
        caseId: record.id,
        autoReply: false,
        purpose: 'relay',
        ...(mail.attachments.some((a) => a.content)
          ? { attachments: mail.attachments.filter((a) => a.content) }
          : {}),
      },
      URGENT,
    );
    await s.cases.addHistory(
      record.id,
      'engineer-answer',
      `${engineer} answered the customer: ${firstLine(parsed.answer)}`,
      now,
    );
  } else if (parsed.answer !== '') {
    await s.cases.addHistory(record.id, 'internal-note', `${engineer}: ${parsed.answer}`, now);
  }

  let status: CaseStatus | undefined =
    relayed && ['new', 'acknowledged', 'waiting'].includes(record.status) ? 'in-progress' : undefined;
  let current = record;
  for (const command of parsed.commands) {
    const next = await applyCommand(s, current, command, engineer, data);
    if (next) status = next;
    current = (await s.cases.get(record.id)) ?? current;
  }
  if (relayed && !current['met.firstResponse']) {
    await s.cases.update(record.id, { 'met.firstResponse': now.toISOString() });
    await s.cases.addHistory(record.id, 'target-met', `firstResponse met by ${engineer}'s answer`, now);
    current = (await s.cases.get(record.id)) ?? current;
    // No reschedule: meeting one target moves no other; its own pending jobs see `met` and stop.
  }
  if (status) await transitionCase(s, current, status, `by ${engineer}`);
  return `engineer reply on ${record.id}${relayed ? ' relayed' : ''}`;
}

async function applyCommand(
  s: Services,
  record: CaseRecord,
  command: EngineerCommand,
  engineer: string,
  data: IngestJobData,
): Promise<CaseStatus | undefined> {
  const now = s.now();
  switch (command.name) {
    case 'status':
      return command.status;
    case 'internal':
      return undefined;
    case 'assign':
      await s.cases.update(record.id, { assignee: command.address });
      await s.cases.addHistory(record.id, 'assigned', `to ${command.address} by ${engineer}`, now);
      return undefined;
    case 'severity': {
      const policy = s.policies.get(record.policy);
      if (
        !policy?.severities.some((sv) => sv.id === command.severity) ||
        command.severity === record.severity
      )
        return undefined;
      await s.cases.update(record.id, { severity: command.severity });
      await s.cases.addHistory(
        record.id,
        'severity',
        `${record.severity} → ${command.severity} by ${engineer}`,
        now,
      );
      await scheduleSla(
        s,
        record.id,
        `severity changed to ${command.severity}; due times recomputed from the case start`,
      );
      return undefined;
    }
    case 'escalate': {
      const policy = s.policies.get(record.policy);
      const levels = policy?.escalations ?? [];
      const at = levels.findIndex((e) => e.to === record.level);
      const step = levels[at + 1];
      const label = step?.label ?? 'escalated';
      if (step) await s.cases.update(record.id, { level: step.to });
      await s.cases.addHistory(record.id, 'escalated', `to ${label} by ${engineer}`, now);
      await raiseCaseAlert(s, {
        record,
        kind: `escalation-${step?.to ?? 'manual'}`,
        detail: `escalated by ${engineer}`,
        escalatedTo: label,
      });
      return undefined;
    }
    case 'attachments': {
      const mails = await requestAttachmentDelivery(s, data, record, engineer);
      await s.cases.addHistory(
        record.id,
        'attachments-requested',
        `by ${engineer}: ${mails} mail${mails === 1 ? '' : 's'}`,
        now,
      );
      return undefined;
    }
    case 'resolve': {
      const met = Object.fromEntries(
        ['resolution1', 'resolution2']
          .filter((t) => !record[`met.${t}`])
          .map((t) => [`met.${t}`, now.toISOString()]),
      );
      if (Object.keys(met).length > 0) await s.cases.update(record.id, met);
      await s.cases.addHistory(record.id, 'target-met', `resolution met (${engineer}: #resolve)`, now);
      return 'resolved';
    }
  }
}

const firstLine = (text: string): string => (text.split('\n')[0] ?? '').slice(0, 120);

/** Policy, customer and plan of a case, as the templates of its other mails see them. */
function answerVars(s: Services, record: CaseRecord): TemplateVars {
  const policy = s.policies.get(record.policy);
  return {
    policy: { id: record.policy, name: policy?.name ?? record.policy },
    customer: { name: record.customerName, email: record.customerEmail },
    plan: record.planId,
    supportAddress: s.config.mailboxes.find((m) => m.policy === record.policy)?.address ?? '',
  };
}
