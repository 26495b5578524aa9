import type { Readable } from 'node:stream';
import { ImapFlow } from 'imapflow';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AppConfig, MailboxConfig } from '../config/app-config-schema.js';
import type { RedisKeys } from '../store/keys.js';
import { LeaderLock } from '../store/leader-lock.js';
import type { ImapAuth } from './auth/account-sign-in.js';
import type { InboundMail } from './inbound-mail.js';
import { intakeJobId } from './intake-id.js';
import { readInboundMail } from './read-inbound-mail.js';
import { SourceReadError } from './source-read-error.js';
import type { RawMail, SenderAuthenticator } from './trust/authenticate-sender.js';
import { Wakeup } from './wakeup.js';

/** What the poller hands to the pipeline for one message; the raw source travels with the job. */
export interface IngestJobData {
  mailbox: string;
  policy: string;
  uidValidity: string;
  uid: number;
  receivedAt: string;
  /** Parsed here, next to the IMAP connection, so unparseable mail can go straight to Quarantine. */
  mail: InboundMail;
}

export interface QuarantineNotice {
  mailbox: string;
  policy: string;
  uidValidity: string;
  uid: number;
  reason: string;
  size: number;
}

/** A parsed mail and the ID of the ingest job that carries it. */
export interface IngestJob {
  jobId: string;
  data: IngestJobData;
}

export interface PollerSinks {
  /**
   * Records and queues the mails of one fetched group (one round trip each to PostgreSQL and
   * Redis, not one per mail). Must resolve only once the jobs are stored in Redis; the messages
   * are moved only after.
   */
  enqueueIngest(jobs: IngestJob[]): Promise<void>;
  quarantined(notice: QuarantineNotice): Promise<void>;
  /** Staff attachments travel with the job so they can be relayed; customers' are name/type/size. */
  keepAttachmentContent(sender: string): boolean;
  /** Authenticates the sender once, here, where the raw mail is at hand. */
  authenticateSender: SenderAuthenticator;
}

/** How the poller signs in: fresh credentials per connect (OAuth2 tokens expire). */
export interface PollerSignIn {
  imapAuth(): Promise<ImapAuth>;
  /** The server refused the credentials. */
  refused(): void;
}

/** Told about each connect, each completed fetch and each failure (mailbox health). */
export interface PollerHealth {
  connected(): void;
  fetched(): void;
  failed(err: unknown): void;
  /** This process stopped polling the mailbox (stop, or lease lost): another may report it. */
  released(): void;
}

const NO_HEALTH: PollerHealth = { connected() {}, fetched() {}, failed() {}, released() {} };

const FETCH_BATCH = 50;

/**
 * Watches one mailbox. Exactly one poller per mailbox holds the lease across all processes;
 * the others wait and take over when the holder dies. New mail is enqueued for ingest and only
 * then moved to the Processed folder, so a crash at any point loses nothing.
 */
export class MailboxPoller {
  private stopped = false;
  private client: ImapFlow | undefined;
  private readonly wakeup = new Wakeup();
  /** The UIDVALIDITY last checked against the stored checkpoint. */
  private checkedUidValidity: string | undefined;
  /** Woken only by stop(): IMAP events must not cut a reconnect delay short. */
  private readonly stopping = new Wakeup();
  private loop: Promise<void> | undefined;
  private readonly lock: LeaderLock;
  private readonly log: Logger;
  /** For readiness: whether this poller holds the lease and, if so, is connected to IMAP. */
  private state: 'standby' | 'connected' | 'disconnected' = 'standby';

  constructor(
    private readonly mailbox: MailboxConfig,
    private readonly imap: AppConfig['imap'],
    private readonly signIn: PollerSignIn,
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    private readonly sinks: PollerSinks,
    logger: Logger,
    private readonly health: PollerHealth = NO_HEALTH,
  ) {
    this.lock = new LeaderLock(redis, keys.pollerLock(mailbox.address), imap.leaseTtlMs);
    this.log = logger.child({ mailbox: mailbox.address });
  }

  start(): void {
    this.loop = this.run();
  }

  /** False while this poller leads its mailbox but has no IMAP connection (outage, reconnecting). */
  imapReady(): boolean {
    return this.state !== 'disconnected';
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeup.wake();
    this.stopping.wake();
    await this.client?.logout().catch(() => this.client?.close());
    await this.loop;
    await this.lock.release().catch(() => undefined);
  }

  private async run(): Promise<void> {
    let waitingLogged = false;
    while (!this.stopped) {
      try {
        if (!(await this.lock.tryAcquire())) {
          if (!waitingLogged) this.log.info('another process polls this mailbox; standing by');
          waitingLogged = true;
          await this.wakeup.wait(this.imap.leaseTtlMs / 3);
          continue;
        }
        waitingLogged = false;
        this.log.info('took the poller lease');
        await this.leadWhileHoldingLease();
        this.health.released();
      } catch (err) {
        // A Redis error reply (OOM at maxmemory, READONLY after a failover) must not end the
        // process: stand by and try again; the lease expires meanwhile if we held it.
        this.state = 'standby';
        this.log.error({ err: errMessage(err) }, 'poller error; retrying shortly');
        await this.stopping.wait(this.imap.leaseTtlMs / 3);
      }
    }
  }

  /** Polls while the lease lasts; reconnects to IMAP with backoff; returns when the lease is lost. */
  private async leadWhileHoldingLease(): Promise<void> {
    let leaseLost = false;
    const renewer = setInterval(() => {
      this.lock.renew().then(
        (ok) => {
          if (!ok) {
            leaseLost = true;
            this.log.warn('poller lease lost; stopping this poller');
            this.client?.close();
            this.wakeup.wake();
          }
        },
        (err: unknown) => this.log.warn({ err }, 'could not renew the poller lease'),
      );
    }, this.imap.leaseTtlMs / 3);
    let delay = 500;
    try {
      while (!this.stopped && !leaseLost) {
        try {
          await this.connectAndPoll(() => this.stopped || leaseLost);
          delay = 500;
        } catch (err) {
          this.state = 'disconnected';
          if (this.stopped || leaseLost) break;
          if ((err as { authenticationFailed?: boolean }).authenticationFailed) this.signIn.refused();
          this.health.failed(err);
          this.log.warn({ err: errMessage(err), retryInMs: delay }, 'IMAP connection failed; reconnecting');
          // Woken by stop(): a shutdown never waits out a reconnect delay.
          await this.stopping.wait(delay);
          delay = Math.min(delay * 2, this.imap.reconnectMaxDelayMs);
        }
      }
    } finally {
      clearInterval(renewer);
      this.state = 'standby';
    }
  }

  private async connectAndPoll(shouldStop: () => boolean): Promise<void> {
    const client = new ImapFlow({
      host: this.imap.host,
      port: this.imap.port,
      secure: this.imap.secure,
      auth: await this.signIn.imapAuth(),
      logger: false,
      disableAutoIdle: !this.imap.idle,
      // Enter IDLE almost at once after each drain: new mail should wake us in milliseconds.
      autoIdleDelay: 200,
    });
    this.client = client;
    let closed = false;
    client.on('close', () => {
      closed = true;
      this.state = 'disconnected';
      this.wakeup.wake();
    });
    client.on('error', (err: unknown) => this.log.warn({ err: errMessage(err) }, 'IMAP error'));
    client.on('exists', () => this.wakeup.wake());
    this.state = 'disconnected';
    await client.connect();
    await this.ensureFolder(client, this.imap.processedFolder);
    await this.ensureFolder(client, this.imap.quarantineFolder);
    const idle = this.imap.idle && client.capabilities.has('IDLE');
    this.log.info({ host: this.imap.host, port: this.imap.port, idle }, 'connected to IMAP');
    this.state = 'connected';
    this.health.connected();
    try {
      while (!shouldStop() && !closed) {
        await this.drain(client);
        this.health.fetched();
        // With IDLE the server tells us about new mail at once; the interval is the safety net.
        await this.wakeup.wait(this.imap.pollIntervalMs);
      }
    } finally {
      this.client = undefined;
      if (!closed) await client.logout().catch(() => client.close());
    }
    if (closed && !shouldStop()) throw new Error('IMAP connection closed by the server');
  }

  private async ensureFolder(client: ImapFlow, folder: string): Promise<void> {
    const list = await client.list();
    if (!list.some((m) => m.path === folder)) await client.mailboxCreate(folder);
  }

  /** Enqueues every message in the folder, then moves it out; repeats are harmless (job IDs). */
  private async drain(client: ImapFlow): Promise<void> {
    const lock = await client.getMailboxLock(this.mailbox.folder);
    try {
      const box = client.mailbox;
      if (box === false) return;
      const uidValidity = String(box.uidValidity);
      await this.checkUidValidity(uidValidity);
      const found = await client.search({ all: true }, { uid: true });
      const uids = Array.isArray(found) ? found : [];
      for (let i = 0; i < uids.length && !this.stopped; i += FETCH_BATCH) {
        await this.handleBatch(client, uidValidity, uids.slice(i, i + FETCH_BATCH));
      }
    } finally {
      lock.release();
    }
  }

  private async checkUidValidity(uidValidity: string): Promise<void> {
    // Checked against Redis once per value seen, not on every drain (a Redis read per wake-up).
    if (this.checkedUidValidity === uidValidity) return;
    const key = this.keys.checkpoint(this.mailbox.address);
    const stored = await this.redis.hget(key, 'uidValidity');
    if (stored !== null && stored !== uidValidity) {
      // The server renumbered the folder; job IDs include UIDVALIDITY, so nothing collides.
      this.log.warn({ was: stored, now: uidValidity }, 'UIDVALIDITY changed; starting a new checkpoint');
    }
    if (stored !== uidValidity) await this.redis.hset(key, { uidValidity, lastUid: '0' });
    this.checkedUidValidity = uidValidity;
  }

  private async handleBatch(client: ImapFlow, uidValidity: string, uids: number[]): Promise<void> {
    const sizes = await client.fetchAll(uids, { uid: true, size: true }, { uid: true });
    const rejected: { uid: number; size: number; reason: string }[] = sizes
      .filter((m) => (m.size ?? 0) > this.imap.maxMessageBytes)
      .map((m) => ({
        uid: m.uid,
        size: m.size ?? 0,
        reason: `message of ${m.size} bytes exceeds the ${this.imap.maxMessageBytes}-byte limit`,
      }));
    const fit = sizes.filter((m) => (m.size ?? 0) <= this.imap.maxMessageBytes);
    const processed: number[] = [];
    // Small sources are fetched a few at a time within a byte budget, parsed, enqueued and
    // dropped; a large mail is read in chunks as it is parsed, so fifty 25 MB mails never sit in
    // memory together, nor does one of them whole.
    for (const step of fetchPlan(fit, this.imap.fetchBudgetBytes, STREAM_ABOVE_BYTES)) {
      if (this.stopped) break;
      const enqueued: number[] = [];
      if ('stream' in step) {
        const { uid, size } = step.stream;
        const download = (): Promise<{ content?: Readable }> =>
          client.download(String(uid), undefined, { uid: true, chunkSize: STREAM_CHUNK });
        const first = await download();
        // Gone since the search (another client moved it): like a fetch that returns nothing.
        if (!first.content) continue;
        const again = async (): Promise<Readable> => {
          const { content } = await download();
          if (!content) throw new SourceReadError(`message UID ${uid} is gone`);
          return content;
        };
        const outcome = await this.intake(uidValidity, uid, size, first.content, again);
        if ('reason' in outcome) rejected.push(outcome);
        else {
          await this.sinks.enqueueIngest([outcome]);
          enqueued.push(uid);
        }
      } else {
        const messages = await client.fetchAll(step.fetch, { uid: true, source: true }, { uid: true });
        const jobs: IngestJob[] = [];
        for (const message of messages) {
          const source = message.source ?? Buffer.alloc(0);
          message.source = undefined;
          const outcome = await this.intake(uidValidity, message.uid, source.length, source, source);
          if ('reason' in outcome) rejected.push(outcome);
          else jobs.push(outcome);
        }
        if (jobs.length > 0) await this.sinks.enqueueIngest(jobs);
        enqueued.push(...jobs.map((j) => j.data.uid));
      }
      if (enqueued.length > 0) await client.messageMove(enqueued, this.imap.processedFolder, { uid: true });
      processed.push(...enqueued);
    }
    for (const bad of rejected) {
      // Record and alert first: a crash before the move only means the same notice again.
      await this.sinks.quarantined({
        mailbox: this.mailbox.address,
        policy: this.mailbox.policy,
        uidValidity,
        ...bad,
      });
      await client.messageMove([bad.uid], this.imap.quarantineFolder, { uid: true });
      this.log.warn({ uid: bad.uid, reason: bad.reason }, 'mail quarantined');
    }
    await this.redis.hset(this.keys.checkpoint(this.mailbox.address), 'lastUid', String(Math.max(...uids)));
    if (processed.length > 0) this.log.debug({ count: processed.length }, 'enqueued new mail');
  }

  /**
   * Parses one mail and authenticates its sender: its ingest job, or why it must be quarantined
   * instead. `raw` is read for the sender's DKIM (trust.mode verify) after parsing: the same
   * buffer, or the mail read again.
   */
  private async intake(
    uidValidity: string,
    uid: number,
    size: number,
    source: Buffer | Readable,
    raw: RawMail,
  ): Promise<{ uid: number; size: number; reason: string } | IngestJob> {
    const receivedAt = new Date();
    const jobId = intakeJobId(this.mailbox.address, uidValidity, uid);
    const outcome = await readInboundMail(source, raw, {
      fallbackId: jobId,
      receivedAt,
      keepAttachmentContent: (from) => this.sinks.keepAttachmentContent(from),
      limits: this.imap,
      authenticate: this.sinks.authenticateSender,
    });
    if (!outcome.ok) return { uid, size, reason: outcome.reason };
    return {
      jobId,
      data: {
        mailbox: this.mailbox.address,
        policy: this.mailbox.policy,
        uidValidity,
        uid,
        receivedAt: receivedAt.toISOString(),
        mail: outcome.mail,
      },
    };
  }
}

/** Mails above this size are read from IMAP in chunks as they are parsed, never whole. */
const STREAM_ABOVE_BYTES = 1024 * 1024;
/** Bytes asked of the server per partial FETCH when streaming (imapflow's default is 64 KB). */
const STREAM_CHUNK = 512 * 1024;

/** How a batch's sources are read, in UID order: small ones fetched whole in groups, large ones streamed. */
export type FetchStep = { fetch: number[] } | { stream: { uid: number; size: number } };

/**
 * Plans the reads of a batch in UID order: runs of mails up to `streamAbove` bytes are fetched
 * whole in groups within `budget`; each larger mail is streamed alone.
 */
export function fetchPlan(
  messages: { uid: number; size?: number }[],
  budget: number,
  streamAbove: number,
): FetchStep[] {
  const steps: FetchStep[] = [];
  let run: { uid: number; size?: number }[] = [];
  const flush = (): void => {
    for (const fetch of withinByteBudget(run, budget)) steps.push({ fetch });
    run = [];
  };
  for (const m of messages) {
    const size = m.size ?? 0;
    if (size <= streamAbove) {
      run.push(m);
      continue;
    }
    flush();
    steps.push({ stream: { uid: m.uid, size } });
  }
  flush();
  return steps;
}

/** UIDs grouped so each group's sizes add up to at most `budget` bytes; a bigger mail is a group alone. */
export function withinByteBudget(messages: { uid: number; size?: number }[], budget: number): number[][] {
  const groups: number[][] = [];
  let group: number[] = [];
  let bytes = 0;
  for (const { uid, size = 0 } of messages) {
    if (group.length > 0 && bytes + size > budget) {
      groups.push(group);
      group = [];
      bytes = 0;
    }
    group.push(uid);
    bytes += size;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}

export const errMessage = (err: unknown): string => (err instanceof Error ? err.message : String(err));
