import { outboundMessageId } from '../mail/message-id.js';
import type { NotifyJobData, WebhookJobData } from '../pipeline/job-types.js';
import { enqueueNotify, URGENT } from '../pipeline/notify-requests.js';
import type { Services } from '../services.js';
import type { MailboxAlerts, MailboxHealthRecord } from './mailbox-health.js';

/**
 * Mailbox-down alerts and recovery notices: a mail to ops and the webhook, with IDs derived
 * from the mailbox and the start of the episode, so each goes out once.
 */
export function createMailboxAlerts(s: Services): MailboxAlerts {
  const send = async (
    record: MailboxHealthRecord,
    episode: string,
    kind: 'mailbox down' | 'mailbox recovered',
    subject: string,
    reason: string,
    message: string,
  ): Promise<void> => {
    const box = s.config.mailboxes.find((m) => m.address === record.mailbox);
    const policyId = box?.policy ?? s.config.mailboxes[0]?.policy ?? '';
    const id = `${kind.replace(' ', '-')}.${record.mailbox}.${episode}`;
    const mail: NotifyJobData = {
      messageId: outboundMessageId(s.config.ops.alertEmail, id, id),
      policy: policyId,
      template: 'opsAlert',
      from: s.config.ops.alertEmail,
      to: [s.config.ops.alertEmail],
      subject,
      references: [],
      vars: {
        kind,
        policy: { id: policyId, name: s.policies.get(policyId)?.name ?? policyId },
        mailbox: record.mailbox,
        reason,
        message,
        caseId: '',
      },
      autoReply: true,
    };
    await enqueueNotify(s, mail, URGENT);
    const url = s.config.ops.webhookUrl;
    if (url) {
      const job: WebhookJobData = {
        url,
        payload: {
          text: `${subject}\n${message}`,
          kind,
          mailbox: record.mailbox,
          error: reason,
          since: episode,
        },
      };
      await s.queues.webhook.add(kind, job, { jobId: `webhook-${id.replace(/[.:@]/g, '-')}` });
    }
  };
  return {
    async down(record, failure, minutes) {
      const since = record.downSince ?? s.now().toISOString();
      const reason = `${failure.code}${failure.detail ? ` — ${failure.detail}` : ''}`;
      await send(
        record,
        since,
        'mailbox down',
        `[mailbox down] ${record.mailbox}: ${failure.signIn ? 'cannot sign in' : 'cannot fetch'} since ${since} (${failure.code})`,
        reason,
        `No mail has been read from ${record.mailbox} for ${minutes} minute(s); new requests wait on the server.\nWhat to do: ${failure.advice}\nThe other mailboxes are not affected. A recovery notice follows when it is back.`,
      );
    },
    async recovered(record, downSince) {
      await send(
        record,
        downSince,
        'mailbox recovered',
        `[mailbox recovered] ${record.mailbox} is read again (down since ${downSince})`,
        `last error: ${record.lastError ?? 'none'}`,
        `${record.mailbox} signed in and was read at ${record.lastFetchAt ?? s.now().toISOString()}; mail that waited is being processed now.`,
      );
    },
  };
}
