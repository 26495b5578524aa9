/**
 * The one place that names Redis keys (cases, history, quotas, outbox and the mail log live in
 * PostgreSQL, src/store/db/). Everything lives under `{prefix}:` — the braces are a
 * Redis Cluster hash tag, so every key (and every multi-key Lua script) lands in one slot.
 */
export class RedisKeys {
  readonly root: string;

  constructor(prefix: string) {
    this.root = `{${prefix}}`;
  }

  /** BullMQ's own prefix: its queues live beside our keys in the same hash slot. */
  get queuePrefix(): string {
    return `${this.root}:q`;
  }

  pollerLock(mailbox: string): string {
    return `${this.root}:poller-lock:${mailbox}`;
  }
  checkpoint(mailbox: string): string {
    return `${this.root}:checkpoint:${mailbox}`;
  }
  /** Mailbox address → its health as the polling process last published it (JSON). */
  mailboxHealth(): string {
    return `${this.root}:mailbox-health`;
  }
  /** Credential ID → the refresh token in use, sealed (AES-256-GCM). */
  oauthRefreshTokens(): string {
    return `${this.root}:oauth-refresh-tokens`;
  }
  /** Automatic replies to one sender about one case (or `-`), within the window: the reply's Message-ID. */
  autoReplyPerCase(sender: string, caseId: string): string {
    return `${this.root}:auto-reply:case:${sender.toLowerCase()}:${caseId}`;
  }

  /** Message-IDs of automatic replies to one sender in one day (UTC date). */
  autoReplyPerSender(sender: string, day: string): string {
    return `${this.root}:auto-reply:sender:${sender.toLowerCase()}:${day}`;
  }

  /** Message-IDs of all automatic replies in one hour (ISO hour). */
  autoReplyGlobal(hour: string): string {
    return `${this.root}:auto-reply:all:${hour}`;
  }

  /** Held for one retention interval by the process that prunes PostgreSQL this round. */
  retentionLease(): string {
    return `${this.root}:retention-lease`;
  }

  /** Contacts learned at run time (e.g. Netop licence key quoted by a new sender). */
  learnedContacts(): string {
    return `${this.root}:learned-contacts`;
  }
}
