import { submitMail, waitForMail } from './local-stack.js';
import { caseIdIn, replyTo } from './scenario-assertions.js';
import type { TestDaemon } from './test-daemon.js';

/**
 * A genuine customer mail to the Netop mailbox (through submission, DKIM-signed), its
 * acknowledgement and the engineers' new-case notice: a case to answer or to attack.
 */
export async function openNetopCase(d: TestDaemon, subject: string, text: string) {
  const mailbox = d.addresses.mailbox.netop;
  const messageId = await submitMail({ from: d.addresses.customer, to: mailbox, subject, text });
  const ack = await replyTo(d.addresses.customer, messageId);
  const caseId = caseIdIn('NETOP', ack.subject);
  const [notice] = await waitForMail(d.addresses.engineer, (m) => (m.subject ?? '').includes(`[${caseId}]`));
  if (!notice?.messageId) throw new Error('no new-case notice');
  return { messageId, caseId, notice, noticeId: notice.messageId, mailbox };
}
