import type { ImapFlow } from 'imapflow';
import type { AppConfig, MailboxConfig } from '../config/app-config-schema.js';
import type { AccountSignIn } from './auth/account-sign-in.js';
import { oneShotMailboxClient } from './mailbox-client.js';

/** One raw mail as it is in a folder now. */
export interface FolderMail {
  uidValidity: string;
  uid: number;
  size: number;
  /** When the server received it (IMAP INTERNALDATE; kept across moves), if it says. */
  receivedAt: Date | undefined;
}

export type FolderMailLookup =
  | ({ found: true; source: Buffer } & FolderMail)
  | ({ found: true; source: undefined; tooBig: string } & FolderMail)
  | { found: false; reason: string };

/**
 * One mailbox's folders over IMAP, with the mailbox's own sign-in: a single mail read by UID
 * under the folder's current UIDVALIDITY, and moved on by UID. For operator commands, which
 * connect once per call; the poller keeps its own long-lived connection.
 */
export class MailboxFolders {
  private constructor(private readonly client: ImapFlow) {}

  static async open(
    mailbox: MailboxConfig,
    imap: AppConfig['imap'],
    signIn: AccountSignIn,
  ): Promise<MailboxFolders> {
    const client = await oneShotMailboxClient(mailbox, imap, signIn);
    await client.connect();
    return new MailboxFolders(client);
  }

  /** The mail with this UID; its source only when it is at most `maxBytes` (the limit intake applies). */
  async fetch(folder: string, uid: number, maxBytes: number): Promise<FolderMailLookup> {
    const list = await this.client.list();
    if (!list.some((m) => m.path === folder))
      return { found: false, reason: `the mailbox has no folder ${folder}` };
    const lock = await this.client.getMailboxLock(folder, { readOnly: true });
    try {
      const box = this.client.mailbox;
      if (box === false) return { found: false, reason: `folder ${folder} could not be opened` };
      const uidValidity = String(box.uidValidity);
      const meta = await this.client.fetchOne(
        String(uid),
        { uid: true, size: true, internalDate: true },
        { uid: true },
      );
      if (meta === false || meta.uid !== uid)
        return { found: false, reason: `no mail with UID ${uid} in ${folder} (UIDVALIDITY ${uidValidity})` };
      const size = meta.size ?? 0;
      const internal = meta.internalDate ? new Date(meta.internalDate) : undefined;
      const found: FolderMail = {
        uidValidity,
        uid,
        size,
        receivedAt: internal && !Number.isNaN(internal.getTime()) ? internal : undefined,
      };
      if (size > maxBytes)
        return {
          found: true,
          source: undefined,
          tooBig: `message of ${size} bytes exceeds the ${maxBytes}-byte limit`,
          ...found,
        };
      const full = await this.client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
      if (full === false || !full.source)
        return { found: false, reason: `UID ${uid} in ${folder} went away while it was read` };
      return { found: true, source: full.source, ...found };
    } finally {
      lock.release();
    }
  }

  /**
   * Moves the mail by UID, only while the folder still has the UIDVALIDITY it was read under
   * (else the UID could name another mail). False when it is not there any more.
   */
  async move(from: string, uidValidity: string, uid: number, to: string): Promise<boolean> {
    const list = await this.client.list();
    if (!list.some((m) => m.path === to)) await this.client.mailboxCreate(to);
    const lock = await this.client.getMailboxLock(from);
    try {
      const box = this.client.mailbox;
      if (box === false || String(box.uidValidity) !== uidValidity) return false;
      const moved = await this.client.messageMove(String(uid), to, { uid: true });
      return moved !== false && (moved.uidMap?.size ?? 1) > 0;
    } finally {
      lock.release();
    }
  }

  async close(): Promise<void> {
    await this.client.logout().catch(() => this.client.close());
  }
}
