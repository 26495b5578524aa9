import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import { describeFailure, type FailureReport } from '../mail/auth/sign-in-advice.js';
import type { PollerHealth } from '../mail/mailbox-poller.js';
import type { RedisKeys } from '../store/keys.js';

/** One mailbox's health as published in Redis (read by /ready and `support-intake mailboxes`). */
export interface MailboxHealthRecord {
  mailbox: string;
  connected: boolean;
  lastFetchAt: string | null;
  /** Sign-in refusals in a row (token endpoint or IMAP server); 0 after a good sign-in. */
  signInFailures: number;
  lastError: string | null;
  lastErrorAt: string | null;
  /** First failure since the last good fetch; null while healthy. */
  downSince: string | null;
  /** The down alert of this episode went out (so a restart does not send it again). */
  alerted: boolean;
  updatedAt: string;
}

/** What the health tracker raises: one alert per episode, one recovery notice after it. */
export interface MailboxAlerts {
  down(record: MailboxHealthRecord, failure: FailureReport, minutes: number): Promise<void>;
  recovered(record: MailboxHealthRecord, downSince: string): Promise<void>;
}

export interface MailboxHealthOptions {
  redis: Redis;
  keys: RedisKeys;
  registry: Registry;
  alerts: MailboxAlerts;
  /** health.mailboxDownAlertMinutes */
  downAlertMinutes: number;
  now: () => Date;
  logger: Logger;
}

/**
 * Tracks the mailboxes this process polls. Every change is published to Redis (so any process
 * can show the table) and to gauges; a mailbox down for the set minutes raises one alert.
 */
export class MailboxHealthTracker {
  private readonly records = new Map<string, MailboxHealthRecord>();
  private readonly failures = new Map<string, FailureReport>();
  /** Mailboxes this process polls now (holds the lease); only those can raise an alert here. */
  private readonly leading = new Set<string>();
  private readonly timer: NodeJS.Timeout;
  private readonly gauges: { connected: Gauge; lastFetch: Gauge; signInFailures: Gauge; down: Gauge };
  private checking: Promise<void> = Promise.resolve();

  constructor(private readonly o: MailboxHealthOptions) {
    const gauge = (name: string, help: string): Gauge =>
      new Gauge({ name, help, labelNames: ['mailbox'], registers: [o.registry] });
    this.gauges = {
      connected: gauge('support_intake_mailbox_connected', '1 while the IMAP session of the mailbox is up'),
      lastFetch: gauge(
        'support_intake_mailbox_last_fetch_timestamp_seconds',
        'When the mailbox was last read completely',
      ),
      signInFailures: gauge('support_intake_mailbox_signin_failures', 'Sign-in refusals in a row'),
      down: gauge('support_intake_mailbox_down', '1 while the mailbox cannot sign in or fetch'),
    };
    const every = Math.max(250, Math.min(5000, (o.downAlertMinutes * 60_000) / 4));
    this.timer = setInterval(() => {
      this.checking = this.checking
        .then(() => this.checkDown())
        .catch((err: unknown) => this.o.logger.warn({ err }, 'mailbox health check failed'));
    }, every);
    this.timer.unref();
  }

  /** The sink one poller reports to; picks up the episode a previous process left in Redis. */
  async track(mailbox: string): Promise<PollerHealth> {
    const stored = await this.o.redis.hget(this.o.keys.mailboxHealth(), mailbox);
    const previous = stored ? (JSON.parse(stored) as MailboxHealthRecord) : undefined;
    this.records.set(mailbox, {
      mailbox,
      connected: false,
      lastFetchAt: previous?.lastFetchAt ?? null,
      signInFailures: previous?.signInFailures ?? 0,
      lastError: previous?.lastError ?? null,
      lastErrorAt: previous?.lastErrorAt ?? null,
      downSince: previous?.downSince ?? null,
      alerted: previous?.alerted ?? false,
      updatedAt: this.o.now().toISOString(),
    });
    const update = (change: (r: MailboxHealthRecord) => void): void => {
      const record = this.records.get(mailbox);
      if (!record) return;
      this.leading.add(mailbox);
      change(record);
      record.updatedAt = this.o.now().toISOString();
      this.publish(record);
    };
    return {
      connected: () =>
        update((r) => {
          r.connected = true;
          r.signInFailures = 0;
        }),
      fetched: () => {
        const record = this.records.get(mailbox);
        const wasDown = record?.downSince ?? null;
        const wasAlerted = record?.alerted ?? false;
        update((r) => {
          r.lastFetchAt = this.o.now().toISOString();
          r.downSince = null;
          r.alerted = false;
        });
        if (wasDown && wasAlerted && record)
          this.enqueue(() => this.o.alerts.recovered({ ...record }, wasDown));
      },
      failed: (err) => {
        const failure = describeFailure(err);
        this.failures.set(mailbox, failure);
        update((r) => {
          r.connected = false;
          if (failure.signIn) r.signInFailures += 1;
          r.lastError = `${failure.code}${failure.detail ? `: ${failure.detail}` : ''}`;
          r.lastErrorAt = this.o.now().toISOString();
          r.downSince ??= r.lastErrorAt;
        });
      },
      released: () => {
        update((r) => {
          r.connected = false;
        });
        this.leading.delete(mailbox);
      },
    };
  }

  /** Health of every mailbox any process published (the table of /ready and the CLI). */
  static async readAll(redis: Redis, keys: RedisKeys): Promise<MailboxHealthRecord[]> {
    const all = await redis.hgetall(keys.mailboxHealth());
    return Object.values(all)
      .map((v) => JSON.parse(v) as MailboxHealthRecord)
      .sort((a, b) => a.mailbox.localeCompare(b.mailbox));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.checking;
  }

  private publish(record: MailboxHealthRecord): void {
    const labels = { mailbox: record.mailbox };
    this.gauges.connected.set(labels, record.connected ? 1 : 0);
    if (record.lastFetchAt) this.gauges.lastFetch.set(labels, Date.parse(record.lastFetchAt) / 1000);
    this.gauges.signInFailures.set(labels, record.signInFailures);
    this.gauges.down.set(labels, record.downSince ? 1 : 0);
    this.enqueue(() =>
      this.o.redis
        .hset(this.o.keys.mailboxHealth(), record.mailbox, JSON.stringify(record))
        .then(() => undefined),
    );
  }

  /** Redis writes and alerts run one after another, in the order things happened. */
  private enqueue(task: () => Promise<void>): void {
    this.checking = this.checking
      .then(task)
      .catch((err: unknown) => this.o.logger.warn({ err }, 'mailbox health update failed'));
  }

  private async checkDown(): Promise<void> {
    const now = this.o.now().getTime();
    for (const record of this.records.values()) {
      if (!record.downSince || record.alerted || !this.leading.has(record.mailbox)) continue;
      if (now - Date.parse(record.downSince) < this.o.downAlertMinutes * 60_000) continue;
      const failure =
        this.failures.get(record.mailbox) ?? describeFailure(new Error(record.lastError ?? 'unknown'));
      await this.o.alerts.down({ ...record }, failure, this.o.downAlertMinutes);
      record.alerted = true;
      this.o.logger.error(
        { mailbox: record.mailbox, error: record.lastError, since: record.downSince },
        'mailbox down: ops alerted',
      );
      await this.o.redis.hset(this.o.keys.mailboxHealth(), record.mailbox, JSON.stringify(record));
    }
  }
}
