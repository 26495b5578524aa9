import type { Job } from 'bullmq';
import { caseIdFromSubject, caseSubject } from '../mail/case-tag.js';
import { commandLines } from '../mail/engineer-commands.js';
import { noReplyReason, notIntakeReason } from '../mail/loop-guard.js';
import { firstLines } from '../mail/text-excerpt.js';
import type { Services } from '../services.js';
import type { CaseRecord } from '../store/case-store.js';
import { transitionCase } from './case-lifecycle.js';
import { recordCustomerAttachments } from './customer-attachments.js';
import { handleEngineerReply } from './engineer-reply.js';
import type { IngestJobData } from './job-types.js';
import { enqueueCustomerReply, enqueueNotify, internalMail, notifyFollowUp } from './notify-requests.js';
import { intakeRecordId } from './replay-mark.js';
import { timedStage } from './timed-stage.js';
import { processTriage } from './triage-stage.js';

/** Ingest's verdict for a mail that threads to no case: a new request, for triage. */
const NEW_REQUEST = Symbol('new request');

/**
 * Ingest: decide what kind of mail this is. Robots get nothing; mail on an existing case thread
 * is a follow-up; everything else is triaged in the same job. A second job (and queue hop) per
 * new mail cost about sixty Redis commands and a worker round trip, for nothing the mail needs:
 * the attempts, the time budget and the idempotence of both stages are the same.
 */
export async function processIngest(job: Job<IngestJobData>, s: Services): Promise<string> {
  const routed = await routeMail(job, s);
  // Triage closes the intake record itself (with the case, in one statement, when it opens one).
  if (routed === NEW_REQUEST) return timedStage(s, 'triage', () => processTriage(job, s));
  // Robots, follow-ups, engineers' replies: the mails they asked for are in the outbox by now.
  await s.intake.finish(intakeRecordId(job.data));
  return routed;
}

async function routeMail(job: Job<IngestJobData>, s: Services): Promise<string | typeof NEW_REQUEST> {
  const { mail } = job.data;
  const log = s.logger.child({ messageId: mail.messageId, from: mail.from.address, policy: job.data.policy });
  const thread = await resolveThread(s, mail);
  const caseId = thread.caseId;

  // Loops, bounces, autoresponders and list traffic are not requests. Other automatic mail is
  // (a monitoring system reporting an outage), but never as a follow-up: a robot's words do not
  // go into a case. RFC 3834 only stops our answers (enqueueCustomerReply).
  const robot = notIntakeReason(mail) ?? (caseId ? noReplyReason(mail) : undefined);
  if (robot !== undefined) {
    // A fixed label set: the reason may name the sender, and one series per address is unbounded.
    s.metrics.mailsIgnored.inc({
      reason: robot.startsWith('robot sender') ? 'robot sender' : (robot.split(':')[0] ?? robot),
    });
    // The mail log, not the case history: a robot's words never become part of a case.
    await s.mailLog(job.data, 'no-reply', robot);
    log.info({ reason: robot, caseId }, 'automatic mail: no reply');
    return 'ignored';
  }

  if (thread.conflict && s.isStaff(mail.from.address))
    return refuseCrossedThread(s, job.data, thread.conflict);
  if (caseId && s.isStaff(mail.from.address)) {
    const record = await s.cases.get(caseId);
    if (record) {
      if (!mail.sender.authenticated) {
        // Anyone can write an engineer's address into From: without authentication nothing
        // is relayed to the customer, no command is applied and the case history stays clean.
        await s.mailLog(job.data, 'unauthenticated-staff-mail', `${caseId}: ${mail.sender.reason}`);
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
      if (!mail.sender.authenticated) return unverifiedFollowUp(s, job.data, record);
      await s.cases.linkMessage(mail.messageId, caseId);
      await s.cases.update(caseId, { lastCustomerText: firstLines(mail.text, 12, 1000) });
      await s.cases.addHistory(caseId, 'customer-follow-up', firstLines(mail.text, 8, 1000), s.now());
      await recordCustomerAttachments(s, caseId, job.data);
      const ignored = commandLines(mail.text);
      if (ignored.length > 0) {
        await s.cases.addHistory(caseId, 'commands-ignored', `not staff: ${ignored.join(', ')}`, s.now());
        log.warn({ caseId, commands: ignored }, 'commands from a non-staff sender ignored');
      }
      if (record.status === 'waiting' || record.status === 'resolved') {
        await transitionCase(s, record, 'in-progress', 'customer replied');
      }
      await enqueueCustomerReply(s, job.data, notifyFollowUp(s, job.data, record));
      await notifyTeamOfFollowUp(s, job.data, record, false);
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
  return NEW_REQUEST;
}

/**
 * A follow-up in the customer's name that did not authenticate: anyone could have written it.
 * It changes nothing on the case (status, clocks, history) and gets no answer, but nothing is
 * lost: the team sees it, marked unverified, and the mail log records it.
 */
async function unverifiedFollowUp(s: Services, data: IngestJobData, record: CaseRecord): Promise<string> {
  await s.mailLog(data, 'unverified-follow-up', `${record.id}: ${data.mail.sender.reason}`);
  await notifyTeamOfFollowUp(s, data, record, true);
  s.logger.warn(
    { caseId: record.id, reason: data.mail.sender.reason },
    'unverified follow-up: team told, case unchanged',
  );
  return `unverified follow-up ${record.id}`;
}

/** The team sees every follow-up in its mail client, tagged, with Reply-To the support mailbox. */
async function notifyTeamOfFollowUp(
  s: Services,
  data: IngestJobData,
  record: CaseRecord,
  unverified: boolean,
): Promise<void> {
  const team = s.config.staff.teamAddress[data.policy] ?? s.config.staff.teamAddress['*'];
  if (!team) return;
  const subject = caseSubject(record.id, data.mail.subject, s.casePrefixes);
  const notice = internalMail(
    s,
    data,
    'followUpNotice',
    team,
    subject,
    { unverified, senderCheck: data.mail.sender.reason, status: record.status },
    record.id,
  );
  // Sending is recorded on the case it belongs to; an unverified mail's notice stays off it.
  const { caseId: _unrecorded, ...offTheCase } = notice;
  await enqueueNotify(s, unverified ? offTheCase : notice);
}

interface Thread {
  caseId: string | undefined;
  /** The references name one case and the subject tag another. */
  conflict?: { byReference: string; byTag: string };
}

/**
 * The case a mail belongs to. In-Reply-To/References to Message-IDs we know (our own mails and
 * the customer's) come first: a subject tag is only typed text, anyone can write any tag. The
 * tag counts alone only when the mail references nothing we know.
 */
async function resolveThread(s: Services, mail: IngestJobData['mail']): Promise<Thread> {
  const ids = [mail.inReplyTo, ...mail.references].filter(
    (id): id is string => typeof id === 'string' && id !== '',
  );
  const byReference = ids.length > 0 ? await s.cases.caseForMessages(ids) : undefined;
  const byTag = caseIdFromSubject(mail.subject, s.casePrefixes);
  if (byReference && byTag && byReference !== byTag)
    return { caseId: byReference, conflict: { byReference, byTag } };
  return { caseId: byReference ?? byTag };
}

/**
 * Staff mail whose references and subject tag name different cases is neither relayed nor
 * applied: following either could put an answer in the wrong customer's thread. The engineer
 * is told at once, so nothing is silently lost.
 */
async function refuseCrossedThread(
  s: Services,
  data: IngestJobData,
  conflict: NonNullable<Thread['conflict']>,
): Promise<string> {
  const detail = `references case ${conflict.byReference}, subject names ${conflict.byTag}`;
  await s.mailLog(data, 'thread-conflict', detail);
  await enqueueNotify(
    s,
    internalMail(s, data, 'threadConflict', data.mail.from.address, `Not sent: ${data.mail.subject}`, {
      byReference: conflict.byReference,
      byTag: conflict.byTag,
    }),
  );
  s.logger.warn({ messageId: data.mail.messageId, ...conflict }, 'staff mail with crossed thread: refused');
  return 'ignored: crossed thread';
}

function sameCustomer(caseEmail: string, sender: string): boolean {
  return caseEmail.toLowerCase() === sender.toLowerCase();
}
