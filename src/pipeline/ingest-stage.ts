import type { Job } from 'bullmq';
import { caseIdFromSubject } from '../mail/case-tag.js';
import { commandLines } from '../mail/engineer-commands.js';
import { noReplyReason } from '../mail/loop-guard.js';
import { firstLines } from '../mail/text-excerpt.js';
import type { Services } from '../services.js';
import { transitionCase } from './case-lifecycle.js';
import { handleEngineerReply } from './engineer-reply.js';
import type { IngestJobData } from './job-types.js';
import { enqueueNotify, notifyFollowUp } from './notify-requests.js';

/**
 * Ingest: decide what kind of mail this is. Robots get nothing; mail on an existing case thread
 * is a follow-up; everything else goes to triage.
 */
export async function processIngest(job: Job<IngestJobData>, s: Services): Promise<string> {
  const { mail } = job.data;
  const log = s.logger.child({ messageId: mail.messageId, from: mail.from.address, policy: job.data.policy });
  const caseId = await threadedCaseId(s, mail.subject, [mail.inReplyTo, ...mail.references]);

  const robot = noReplyReason(mail);
  if (robot !== undefined) {
    // A fixed label set: the reason may name the sender, and one series per address is unbounded.
    s.metrics.mailsIgnored.inc({
      reason: robot.startsWith('robot sender') ? 'robot sender' : (robot.split(':')[0] ?? robot),
    });
    await s.mailLog(job.data, 'no-reply', robot);
    if (caseId)
      await s.cases.addHistory(caseId, 'automatic-mail-ignored', `${mail.from.address}: ${robot}`, s.now());
    log.info({ reason: robot, caseId }, 'automatic mail: no reply');
    return 'ignored';
  }

  if (caseId && s.isStaff(mail.from.address)) {
    const record = await s.cases.get(caseId);
    if (record) {
      if (!mail.sender.authenticated) {
        // Anyone can write an engineer's address into From: without authentication nothing
        // is relayed to the customer and no command is applied.
        await s.cases.addHistory(
          caseId,
          'unauthenticated-staff-mail',
          `${mail.from.address}: ignored (${mail.sender.reason})`,
          s.now(),
        );
        log.warn({ caseId }, 'staff mail that does not authenticate: ignored');
        return 'ignored: unauthenticated staff mail';
      }
      return handleEngineerReply(s, job.data, record);
    }
  }
  if (caseId) {
    const record = await s.cases.get(caseId);
    // A reply on a closed case opens a new one (triage), as a customer would expect.
    if (record && record.status !== 'closed' && sameCustomer(record.customerEmail, mail.from.address)) {
      await s.cases.linkMessage(mail.messageId, caseId);
      await s.cases.update(caseId, { lastCustomerText: firstLines(mail.text, 12, 1000) });
      await s.cases.addHistory(caseId, 'customer-follow-up', firstLines(mail.text, 8, 1000), s.now());
      const ignored = commandLines(mail.text);
      if (ignored.length > 0) {
        await s.cases.addHistory(caseId, 'commands-ignored', `not staff: ${ignored.join(', ')}`, s.now());
        log.warn({ caseId, commands: ignored }, 'commands from a non-staff sender ignored');
      }
      if (record.status === 'waiting' || record.status === 'resolved') {
        await transitionCase(s, record, 'in-progress', 'customer replied');
      }
      await enqueueNotify(s, notifyFollowUp(s, job.data, record));
      log.info({ caseId }, 'follow-up attached to case');
      return `follow-up ${caseId}`;
    }
  }
  if (s.isStaff(mail.from.address)) {
    // An engineer writing outside any case thread is not a customer asking for support.
    await s.mailLog(job.data, 'staff-without-case', 'staff mail that threads to no case');
    log.warn('staff mail outside a case thread: not triaged');
    return 'ignored: staff mail without a case';
  }
  await s.queues.triage.add('triage', job.data, { jobId: `triage-${job.id}` });
  return 'triage';
}

async function threadedCaseId(
  s: Services,
  subject: string,
  ids: (string | undefined)[],
): Promise<string | undefined> {
  const tagged = caseIdFromSubject(subject, s.casePrefixes);
  if (tagged) return tagged;
  return s.cases.caseForMessages(ids.filter((id): id is string => typeof id === 'string' && id !== ''));
}

function sameCustomer(caseEmail: string, sender: string): boolean {
  return caseEmail.toLowerCase() === sender.toLowerCase();
}
