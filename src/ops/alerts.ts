import { DateTime } from 'luxon';
import { outboundMessageId } from '../mail/message-id.js';
import type { NotifyJobData, WebhookJobData } from '../pipeline/job-types.js';
import { enqueueNotify, URGENT } from '../pipeline/notify-requests.js';
import { TARGET_LABELS } from '../pipeline/target-vars.js';
import type { Services } from '../services.js';
import type { CaseRecord } from '../store/case-store.js';

export interface CaseAlert {
  record: CaseRecord;
  /** e.g. "breach", "warning", "escalation", "ack-overdue". */
  kind: string;
  target?: string;
  dueAt?: Date;
  detail: string;
  escalatedTo?: string;
}

function lateness(due: Date | undefined, now: Date): string {
  if (!due) return '';
  const ms = now.getTime() - due.getTime();
  if (ms < 0) return `due in ${Math.round(-ms / 60000)} min`;
  const mins = Math.round(ms / 60000);
  return mins < 120 ? `${mins} min late` : `${(mins / 60).toFixed(1)} h late`;
}

/**
 * One alert per case + target + kind, by mail to ops and to the webhook. Both carry
 * deterministic IDs, so raising the same alert twice sends nothing twice; the webhook is its
 * own job, so a failing webhook retries on its own and never holds up mail.
 */
export async function raiseCaseAlert(s: Services, alert: CaseAlert): Promise<void> {
  const { record, kind, target = '', dueAt, detail } = alert;
  const now = s.now();
  const policy = s.policies.get(record.policy);
  const from = s.config.mailboxes.find((m) => m.policy === record.policy)?.address ?? s.config.ops.alertEmail;
  const due = dueAt ? DateTime.fromJSDate(dueAt).setZone(policy?.timezone ?? 'UTC') : undefined;
  const late = lateness(dueAt, now);
  const dueText = due?.setLocale('en-GB').toFormat('cccc d LLLL yyyy, HH:mm ZZZZ') ?? '';
  const lastLines = (record.lastCustomerText ?? '').split('\n').slice(0, 5).join('\n');
  const vars = {
    kind,
    caseId: record.id,
    customer: { name: record.customerName, email: record.customerEmail },
    // Ops act on who the customer is: the plan and the account's name in the directory.
    plan: record.planId,
    accountName: s.directory().accountById(record.accountId)?.name ?? '',
    policy: { id: record.policy, name: policy?.name ?? record.policy },
    severity: { id: record.severity, label: record.severity },
    target: target ? { name: target, label: TARGET_LABELS[target] ?? target, dueLocal: dueText } : {},
    late,
    ...(alert.escalatedTo ? { escalatedTo: alert.escalatedTo } : {}),
    reason: detail,
    customerText: lastLines,
    subject: record.subject,
  };
  const id = `alert.${record.id}.${target || 'case'}.${kind}`;
  const mail: NotifyJobData = {
    messageId: outboundMessageId(from, id, id),
    policy: record.policy,
    template: 'opsAlert',
    from,
    to: [s.config.ops.alertEmail],
    subject: `[${record.id}] ${kind}${target ? ` of ${target}` : ''}${late ? ` (${late})` : ''}: ${record.subject}`,
    references: [record.messageId],
    vars,
    caseId: record.id,
    autoReply: true,
  };
  await enqueueNotify(s, mail, URGENT);
  const url = s.config.ops.webhookUrl;
  if (url) {
    const text = `[${record.id}] ${kind}${target ? ` of ${target}` : ''} — ${policy?.name ?? record.policy}, ${record.customerEmail}, severity ${record.severity}${dueText ? `, due ${dueText}` : ''}${late ? ` (${late})` : ''}: ${detail}\n> ${lastLines.split('\n').join('\n> ')}`;
    const job: WebhookJobData = {
      url,
      payload: {
        text,
        caseId: record.id,
        kind,
        target,
        customer: record.customerEmail,
        policy: record.policy,
        severity: record.severity,
        due: dueAt?.toISOString() ?? null,
        late,
        lastCustomerLines: lastLines,
      },
    };
    // The queue's retries (capped backoff) keep a failing webhook from ever holding up mail.
    await s.queues.webhook.add(kind, job, { jobId: `webhook-${id.replace(/\./g, '-')}` });
  }
}
