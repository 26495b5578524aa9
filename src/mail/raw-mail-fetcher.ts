import type { ImapFlow } from 'imapflow';
import type { AppConfig } from '../config/app-config-schema.js';
import type { AttachmentItem } from './attachment-plan.js';
import { type FetchedAttachment, readWantedAttachments } from './attachment-stream.js';
import type { AccountSignIn } from './auth/account-sign-in.js';
import { oneShotMailboxClient } from './mailbox-client.js';

/** Where a mail was and which of its attachments are wanted (see MailRef in the pipeline). */
export interface RawMailLocation {
  mailbox: string;
  messageId: string;
  folder: string;
  uidValidity: string;
  uid: number;
}

export type { FetchedAttachment };

/** Bytes asked of the server per partial FETCH: imapflow's 64 KB default makes a 20 MB mail 300 round trips. */
const DOWNLOAD_CHUNK = 1024 * 1024;

/** `gone`: the mail is not on the server any more (deleted, renumbered, changed): no retry helps. */
export type FetchOutcome = { ok: true; files: FetchedAttachment[] } | { ok: false; gone: string };

export interface AttachmentFetcher {
  /** Throws on connection and sign-in errors (worth a retry); `gone` when the mail is not there. */
  fetch(location: RawMailLocation, items: readonly AttachmentItem[]): Promise<FetchOutcome>;
}

/**
 * Reads a customer's attachments from the raw mail on IMAP, with the mailbox's own sign-in.
 * One mail at a time per process, streamed: the wanted files are all that is held in memory,
 * however many notices are being sent and however large the mail.
 */
export class ImapAttachmentFetcher implements AttachmentFetcher {
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly config: AppConfig,
    private readonly signIns: ReadonlyMap<string, AccountSignIn>,
  ) {}

  fetch(location: RawMailLocation, items: readonly AttachmentItem[]): Promise<FetchOutcome> {
    const run = this.turn.then(() => this.fetchNow(location, items));
    this.turn = run.catch(() => undefined);
    return run;
  }

  private async fetchNow(location: RawMailLocation, items: readonly AttachmentItem[]): Promise<FetchOutcome> {
    const mailbox = this.config.mailboxes.find((m) => m.address === location.mailbox);
    const signIn = this.signIns.get(location.mailbox);
    if (!mailbox || !signIn)
      return { ok: false, gone: `mailbox ${location.mailbox} is no longer configured` };
    const client = await oneShotMailboxClient(mailbox, this.config.imap, signIn);
    try {
      await client.connect();
    } catch (err) {
      if ((err as { authenticationFailed?: boolean }).authenticationFailed) signIn.refused();
      throw err;
    }
    try {
      // Processed first: that is where a mail is once intake is done. Then where it arrived (not
      // moved yet), then Processed again, in case the poller moved it in between.
      const processed = this.config.imap.processedFolder;
      for (const [folder, how] of [
        [processed, 'search'],
        [location.folder, 'uid'],
        [processed, 'search'],
      ] as const) {
        const files = await this.findIn(client, folder, location, items, how);
        if (files) return { ok: true, files };
      }
      return {
        ok: false,
        gone: 'the mail is no longer in the mailbox (deleted, or the folder was renumbered)',
      };
    } finally {
      await client.logout().catch(() => client.close());
    }
  }

  private async findIn(
    client: ImapFlow,
    folder: string,
    location: RawMailLocation,
    items: readonly AttachmentItem[],
    how: 'search' | 'uid',
  ): Promise<FetchedAttachment[] | undefined> {
    const list = await client.list();
    if (!list.some((m) => m.path === folder)) return undefined;
    const lock = await client.getMailboxLock(folder, { readOnly: true });
    try {
      const box = client.mailbox;
      if (box === false) return undefined;
      let uids: number[];
      if (how === 'uid') {
        // A UID means nothing under another UIDVALIDITY: the folder was renumbered.
        if (String(box.uidValidity) !== location.uidValidity) return undefined;
        uids = [location.uid];
      } else {
        const found = await client.search({ header: { 'message-id': location.messageId } }, { uid: true });
        uids = (Array.isArray(found) ? found : []).sort((a, b) => a - b);
      }
      // The earliest copy first; each candidate must carry exactly the attachments referenced.
      for (const uid of uids) {
        const files = await this.attachmentsOf(client, uid, location.messageId, items);
        if (files) return files;
      }
      return undefined;
    } finally {
      lock.release();
    }
  }

  private async attachmentsOf(
    client: ImapFlow,
    uid: number,
    messageId: string,
    items: readonly AttachmentItem[],
  ): Promise<FetchedAttachment[] | undefined> {
    const meta = await client.fetchOne(String(uid), { uid: true, size: true }, { uid: true });
    if (meta === false || (meta.size ?? 0) > this.config.imap.maxMessageBytes) return undefined;
    // Streamed: only the wanted parts are kept, the rest of the mail passes through.
    const download = await client.download(String(uid), undefined, { uid: true, chunkSize: DOWNLOAD_CHUNK });
    if (!download.content) return undefined;
    return readWantedAttachments(download.content, messageId, items);
  }
}
