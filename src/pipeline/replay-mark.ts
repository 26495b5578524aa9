import { intakeJobId } from '../mail/intake-id.js';

/**
 * An operator's replay of a raw mail (`support-intake replay`), as its ingest job carries it.
 * The pipeline reads only `forced`: a forced replay's answer to the customer gets a Message-ID
 * of its own (so the outbox and the notify job's ID do not drop it as already sent) and passes
 * the reply budgets. Recipients are chosen exactly as for any mail: the mail never widens them.
 */
export interface ReplayMark {
  /** The folder the raw mail was replayed from (its UIDVALIDITY and UID are the job's). */
  folder: string;
  /** Set by `--force`: a nonce that makes the customer answer's identity a fresh one. */
  forced?: string | undefined;
}

/** The two folders a mail can be replayed from: where intake put it. */
export type ReplayFolderRole = 'quarantine' | 'processed';

/** Which configured folder the operator named, or undefined when it is neither. */
export function replayFolderRole(
  folder: string,
  imap: { quarantineFolder: string; processedFolder: string },
): ReplayFolderRole | undefined {
  if (folder === imap.quarantineFolder) return 'quarantine';
  if (folder === imap.processedFolder) return 'processed';
  return undefined;
}

/**
 * The ingest job ID of a replay. Stable per (mailbox, folder, UIDVALIDITY, UID), so two replays
 * without `--force` are one job (BullMQ keeps a finished job's ID for a week); distinct from the
 * poller's `mailbox-uidvalidity-uid` by its `replay-` lead. A forced replay adds its nonce.
 * BullMQ refuses `:` in custom IDs: folder names are made safe.
 */
export function replayJobId(
  mailbox: string,
  folder: string,
  uidValidity: string,
  uid: number,
  forced?: string,
): string {
  const safeFolder = folder.replace(/[^A-Za-z0-9._-]/g, '_');
  const base = `replay-${mailbox}-${safeFolder}-${uidValidity}-${uid}`;
  return forced ? `${base}-force-${forced}` : base;
}

/**
 * The ID of a mail's intake record (and ingest job): the poller's for polled mail, the replay's
 * for a replayed one, so a replay's record is closed by its own pipeline and never a polled
 * mail's that happens to share UIDVALIDITY and UID in another folder.
 */
export function intakeRecordId(data: {
  mailbox: string;
  uidValidity: string;
  uid: number;
  replay?: ReplayMark | undefined;
}): string {
  return data.replay
    ? replayJobId(data.mailbox, data.replay.folder, data.uidValidity, data.uid, data.replay.forced)
    : intakeJobId(data.mailbox, data.uidValidity, data.uid);
}

/** The extra Message-ID part of an automatic answer to a forced replay; none otherwise. */
export function forcedReplayParts(replay: ReplayMark | undefined): string[] {
  return replay?.forced ? [`replay ${replay.folder} ${replay.forced}`] : [];
}

/** Whether a stage's result means the mail went through (else it was quarantined again). */
export function replayHandled(result: string): boolean {
  return !result.startsWith('quarantined');
}

/**
 * The case a stage's result names: triage answers `accept FNM-12`, `noReply FNM-12` or just
 * `decline`; ingest `follow-up FNM-12` or `engineer reply on FNM-12 relayed`. The caller checks
 * it against the store.
 */
export function caseIdInResult(result: string): string | undefined {
  return result
    .trim()
    .split(/\s+/)
    .reverse()
    .find((word) => /^[A-Za-z][A-Za-z0-9_]*-\d+$/.test(word));
}
