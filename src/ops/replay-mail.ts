import type { Job, Queue, QueueEvents } from 'bullmq';
import type { AppConfig, MailboxConfig } from '../config/app-config-schema.js';
import type { AccountSignIn } from '../mail/auth/account-sign-in.js';
import { MailboxFolders } from '../mail/folder-mail.js';
import { readInboundMail } from '../mail/read-inbound-mail.js';
import type { SenderAuthenticator } from '../mail/trust/authenticate-sender.js';
import type { IngestJobData } from '../pipeline/job-types.js';
import { ingestJobOptions } from '../pipeline/queues.js';
import {
  caseIdInResult,
  type ReplayMark,
  replayFolderRole,
  replayHandled,
  replayJobId,
} from '../pipeline/replay-mark.js';
import type { CaseStore } from '../store/case-store.js';
import type { MailLog } from '../store/mail-log.js';
import type { PgIntake } from '../store/pg-intake.js';

export interface ReplayRequest {
  mailbox: MailboxConfig;
  folder: string;
  uid: number;
  force: boolean;
  timeoutMs: number;
}

export interface ReplayDeps {
  config: AppConfig;
  signIn: AccountSignIn;
  ingest: Queue<IngestJobData>;
  ingestEvents: QueueEvents;
  triage: Queue<IngestJobData>;
  triageEvents: QueueEvents;
  authenticateSender: SenderAuthenticator;
  isStaff(address: string): boolean;
  cases: CaseStore;
  mailLog: MailLog;
  /** The pipeline's intake records: a replay is brought back by the reconciler like polled mail. */
  intake: Pick<PgIntake, 'recordAll'>;
  now(): Date;
}

/**
 * How a replay ended. `refused`: nothing was enqueued (the mail is still too big, unparseable,
 * or cannot be recognised); `done`: the pipeline handled it; `quarantined`/`failed`: it did not;
 * `pending`: no outcome within the timeout (queued, running or retrying: it may still finish).
 */
export type ReplayStatus = 'refused' | 'done' | 'quarantined' | 'failed' | 'pending';

export interface ReplayReport {
  status: ReplayStatus;
  mailbox: string;
  folder: string;
  uidValidity?: string;
  uid: number;
  force: boolean;
  messageId?: string;
  sender?: string;
  senderAuthenticated?: boolean;
  jobId?: string;
  /** What the last stage returned (e.g. `accept FNM-3`), or why it failed. */
  result?: string;
  caseId?: string;
  /** The folder the mail is in afterwards. */
  nowIn?: string;
  message: string;
}

/** Raised for what the operator asked wrongly (unknown mailbox, folder, UID): nothing was done. */
export class ReplayUsageError extends Error {}

/**
 * Runs one raw mail from a mailbox's Quarantine or Processed folder through the pipeline again,
 * as the poller would have: parsed with today's limits, sender authenticated the same way,
 * enqueued for ingest. Exactly-once is the pipeline's: a case per (mailbox, Message-ID, sender),
 * deterministic outgoing Message-IDs kept in the outbox, and a job ID stable per replayed UID.
 */
export async function replayMail(deps: ReplayDeps, req: ReplayRequest): Promise<ReplayReport> {
  const { config } = deps;
  const role = replayFolderRole(req.folder, config.imap);
  if (!role)
    throw new ReplayUsageError(
      `--folder: ${JSON.stringify(req.folder)} is neither ${config.imap.quarantineFolder} nor ${config.imap.processedFolder}`,
    );
  const base = { mailbox: req.mailbox.address, folder: req.folder, uid: req.uid, force: req.force };
  const folders = await MailboxFolders.open(req.mailbox, config.imap, deps.signIn);
  try {
    const lookup = await folders.fetch(req.folder, req.uid, config.imap.maxMessageBytes);
    if (!lookup.found) throw new ReplayUsageError(lookup.reason);
    const at = { ...base, uidValidity: lookup.uidValidity };
    if (lookup.source === undefined)
      return await recorded(deps, {
        ...at,
        status: 'refused',
        nowIn: req.folder,
        message: `not replayed: ${lookup.tooBig}`,
      });
    // The same fallback Message-ID for a mail without one on every replay of this UID.
    const stableId = replayJobId(req.mailbox.address, req.folder, lookup.uidValidity, req.uid);
    const receivedAt = lookup.receivedAt ?? deps.now();
    const parsed = await readInboundMail(lookup.source, lookup.source, {
      fallbackId: stableId,
      receivedAt,
      keepAttachmentContent: (from) => deps.isStaff(from),
      limits: config.imap,
      authenticate: deps.authenticateSender,
    });
    if (!parsed.ok)
      return await recorded(deps, {
        ...at,
        status: 'refused',
        nowIn: req.folder,
        message: `not replayed: ${parsed.reason}`,
      });
    const mail = parsed.mail;
    const who = { ...at, messageId: mail.messageId, sender: mail.from.address };
    if (role === 'processed' && !req.force && mail.messageId === `<${stableId}@support-intake.invalid>`)
      // Intake derived its Message-ID from the INBOX UID, which is gone: the pipeline could not
      // tell this mail from a new one, so a plain replay could open a second case.
      return await recorded(deps, {
        ...who,
        status: 'refused',
        nowIn: req.folder,
        message:
          'not replayed: the mail has no Message-ID, so a replay cannot be recognised as the mail already handled; --force replays it anyway (it may open a second case)',
      });
    const forced = req.force ? String(deps.now().getTime()) : undefined;
    const jobId = replayJobId(req.mailbox.address, req.folder, lookup.uidValidity, req.uid, forced);
    const replay: ReplayMark = { folder: req.folder, ...(forced ? { forced } : {}) };
    const data: IngestJobData = {
      mailbox: req.mailbox.address,
      policy: req.mailbox.policy,
      uidValidity: lookup.uidValidity,
      uid: req.uid,
      receivedAt: receivedAt.toISOString(),
      mail,
      replay,
    };
    // PostgreSQL first, as the poller does: whatever Redis loses, the open record brings the job
    // back. Added again with the same ID, BullMQ keeps the first job (and the record stays as it
    // is): a second plain replay waits on the first.
    await deps.intake.recordAll([{ jobId, payload: data }]);
    await clearUnhandledRun(deps, jobId);
    const job = await deps.ingest.add('ingest', data, ingestJobOptions(jobId, replay));
    const outcome = await pipelineOutcome(deps, job, Date.now() + req.timeoutMs);
    const withJob = { ...who, senderAuthenticated: mail.sender.authenticated, jobId, result: outcome.result };
    let caseId = outcome.result ? caseIdInResult(outcome.result) : undefined;
    if (caseId && !(await deps.cases.get(caseId))) caseId = undefined;
    let nowIn = req.folder;
    if (outcome.status === 'done' && role === 'quarantine') {
      const moved = await folders.move(req.folder, lookup.uidValidity, req.uid, config.imap.processedFolder);
      if (moved) nowIn = config.imap.processedFolder;
    }
    return await recorded(deps, {
      ...withJob,
      status: outcome.status,
      ...(caseId ? { caseId } : {}),
      nowIn,
      message: outcome.message,
    });
  } finally {
    await folders.close();
  }
}

/**
 * Two plain replays of a UID are one job, unless the first one's run ended in quarantine or
 * failure: then the cause has presumably been fixed and it runs again, so its finished jobs are
 * removed to free their IDs. Running again is safe: the case and the outbox keep the pipeline
 * exactly-once.
 */
async function clearUnhandledRun(deps: ReplayDeps, jobId: string): Promise<void> {
  const ingest = await deps.ingest.getJob(jobId);
  if (!ingest) return;
  const triage = await deps.triage.getJob(`triage-${jobId}`);
  const unhandled = async (job: Job | undefined): Promise<boolean> => {
    if (!job) return false;
    const state = await job.getState();
    return state === 'failed' || (state === 'completed' && !replayHandled(String(job.returnvalue ?? '')));
  };
  if (!(await unhandled(ingest)) && !(await unhandled(triage))) return;
  await triage?.remove();
  await ingest.remove();
}

interface Outcome {
  status: Exclude<ReplayStatus, 'refused'>;
  result?: string;
  message: string;
}

/** Waits for ingest and, when it hands over, for triage; within one deadline. */
async function pipelineOutcome(deps: ReplayDeps, ingestJob: Job, deadline: number): Promise<Outcome> {
  const ingest = await finished(deps.ingest, ingestJob, deps.ingestEvents, deadline);
  if (ingest.state !== 'completed') return unfinished(deps.ingest, 'ingest', ingest);
  if (ingest.result !== 'triage') return handled(ingest.result);
  const triageJob = await deps.triage.getJob(`triage-${ingestJob.id}`);
  if (!triageJob)
    return {
      status: 'done',
      result: 'triage',
      message: 'handed to triage; its job is no longer kept, so its outcome is not known here',
    };
  const triage = await finished(deps.triage, triageJob, deps.triageEvents, deadline);
  if (triage.state !== 'completed') return unfinished(deps.triage, 'triage', triage);
  return handled(triage.result);
}

function handled(result: string): Outcome {
  return replayHandled(result)
    ? { status: 'done', result, message: `replayed: ${result}` }
    : {
        status: 'quarantined',
        result,
        message: `the pipeline quarantined it again: ${result}; fix the cause and replay it again`,
      };
}

type Finish = { state: 'completed'; result: string } | { state: string; result: string };

/**
 * The job's end, or its state at the deadline. A failed attempt that will be retried is not
 * the end: only the failed state is.
 */
async function finished(queue: Queue, job: Job, events: QueueEvents, deadline: number): Promise<Finish> {
  for (;;) {
    const left = deadline - Date.now();
    try {
      if (left <= 0) throw new Error('deadline');
      const value: unknown = await job.waitUntilFinished(events, left);
      return { state: 'completed', result: String(value) };
    } catch (err) {
      const state = await job.getState();
      if (state === 'completed') {
        const fresh = await queue.getJob(job.id ?? '');
        return { state, result: String(fresh?.returnvalue ?? '') };
      }
      if (state === 'failed') return { state, result: err instanceof Error ? err.message : String(err) };
      if (Date.now() >= deadline) return { state, result: '' };
      // An attempt failed and will be retried: wait on, without hammering Redis.
      await new Promise((resolve) => setTimeout(resolve, Math.min(250, deadline - Date.now())));
    }
  }
}

async function unfinished(queue: Queue, stage: string, f: Finish): Promise<Outcome> {
  if (f.state === 'failed')
    return {
      status: 'failed',
      result: f.result,
      message: `the ${stage} stage failed: ${f.result} (the pipeline quarantines a mail it gives up on); fix the cause and replay it again`,
    };
  if (f.state === 'active')
    return {
      status: 'pending',
      message: `a worker is still on the ${stage} job; run the same replay again later to see its outcome`,
    };
  if (f.state === 'delayed')
    return {
      status: 'pending',
      message: `the ${stage} job failed an attempt and waits to be retried; run the same replay again later`,
    };
  const workers = await queue.getWorkersCount().catch(() => undefined);
  const none = workers === 0 ? ' (no daemon worker is connected to this Redis and prefix)' : '';
  return {
    status: 'pending',
    message: `no worker picked the ${stage} job up in time${none}: it stays queued and runs when a daemon's workers start; run the same replay again then to see its outcome and move the mail`,
  };
}

/** The mail log always; the case's history when there is a case. */
async function recorded(deps: ReplayDeps, r: ReplayReport): Promise<ReplayReport> {
  const at = deps.now();
  const how = `operator replay of ${r.folder} UID ${r.uid}${r.force ? ' (--force)' : ''}`;
  await deps.mailLog.append({
    at,
    outcome: r.status === 'done' ? 'replayed' : `replay-${r.status}`,
    reason: `${how}: ${r.message}`,
    mailbox: r.mailbox,
    ...(r.messageId ? { messageId: r.messageId } : {}),
    ...(r.sender ? { sender: r.sender } : {}),
    detail: {
      folder: r.folder,
      uidValidity: r.uidValidity,
      uid: r.uid,
      force: r.force,
      jobId: r.jobId,
      result: r.result,
      nowIn: r.nowIn,
    },
  });
  if (r.caseId) await deps.cases.addHistory(r.caseId, 'replayed', `${how}: ${r.result ?? r.status}`, at);
  return r;
}
