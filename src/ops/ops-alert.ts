import { outboundMessageId } from '../mail/message-id.js';
import { enqueueNotify } from '../pipeline/notify-requests.js';
import type { Services } from '../services.js';

export interface OpsAlert {
  /** Deterministic: the same key alerts once, however often it is raised. */
  key: string;
  kind: string;
  reason: string;
  /** The policy whose mailbox sends the alert; the first mailbox's when absent. */
  policy?: string;
  caseId?: string;
}

/** One ops alert mail (template `opsAlert`) about something that is not a case event. */
export async function sendOpsAlert(s: Services, alert: OpsAlert): Promise<void> {
  const mailbox =
    s.config.mailboxes.find((m) => m.policy === alert.policy) ?? s.config.mailboxes[0] ?? undefined;
  const from = mailbox?.address ?? s.config.ops.alertEmail;
  const policy = alert.policy ?? mailbox?.policy ?? '';
  await enqueueNotify(s, {
    messageId: outboundMessageId(from, 'alert', alert.key),
    policy,
    template: 'opsAlert',
    from,
    to: [s.config.ops.alertEmail],
    subject: `[${alert.kind}]${alert.caseId ? ` [${alert.caseId}]` : ''} ${alert.reason}`.slice(0, 200),
    references: [],
    vars: {
      kind: alert.kind,
      policy: { id: policy, name: s.policies.get(policy)?.name ?? policy },
      reason: alert.reason,
      caseId: alert.caseId ?? '',
    },
    ...(alert.caseId ? { caseId: alert.caseId } : {}),
    autoReply: true,
  });
}
