import { z } from 'zod';
import {
  endpointSchema,
  healthSchema,
  mailAuthSchema,
  oauthStoreSchema,
  rateLimitSchema,
} from './mail-auth-schema.js';

const port = z.number().int().min(1).max(65535);
const address = z.email();
const durationMs = z.number().int().positive();

/** One watched mailbox, bound to one support policy. Passwords never live in files. */
const mailboxSchema = z
  .object({
    address,
    /** IMAP login; defaults to the address. */
    user: z.string().min(1).optional(),
    /** Name of the environment variable holding this mailbox's IMAP password (or give `auth`). */
    passwordEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name such as IMAP_PASSWORD')
      .optional(),
    /** How to sign in: a password or OAuth2 (see docs/mailboxes.md). */
    auth: mailAuthSchema.optional(),
    /** This mailbox's IMAP server when not the `imap` section's; an OAuth2 provider preset fills it. */
    imap: endpointSchema.optional(),
    policy: z.string().min(1),
    folder: z.string().min(1).default('INBOX'),
  })
  .strict()
  .refine((m) => (m.passwordEnv === undefined) !== (m.auth === undefined), {
    message: 'give exactly one of passwordEnv and auth',
    path: ['auth'],
  });

export const appConfigSchema = z
  .object({
    instance: z.string().min(1),
    redis: z
      .object({
        /** Overridden by the REDIS_URL environment variable when set. */
        url: z.string().regex(/^rediss?:\/\//, 'a redis:// or rediss:// URL'),
        /** Every key lives under `{prefix}:`; the braces make it one Redis Cluster hash slot. */
        prefix: z.string().regex(/^[a-z0-9-]+$/, 'lowercase letters, digits and dashes'),
        /**
         * At start-up, a Redis that would lose queued mail (no AOF/RDB persistence, or a
         * maxmemory-policy that evicts keys) makes the daemon refuse to start, or only warn.
         */
        unsafeRedis: z.enum(['refuse', 'warn']),
      })
      .strict(),
    /** PostgreSQL: the system of record for cases, their history, the outbox, quotas and the mail log. */
    database: z
      .object({
        /** Overridden by the DATABASE_URL environment variable when set. */
        url: z
          .string()
          .regex(
            /^postgres(ql)?:\/\/[^/]+\/[^/?]+/,
            'a postgres://[user[:password]@]host[:port]/database URL',
          ),
        /** Connections per process; BullMQ workers share them. */
        poolSize: z.number().int().min(1).max(100),
      })
      .strict(),
    imap: z
      .object({
        host: z.string().min(1),
        port,
        secure: z.boolean(),
        /** IDLE when the server supports it; otherwise (or when false) poll every pollIntervalMs. */
        idle: z.boolean(),
        pollIntervalMs: durationMs,
        processedFolder: z.string().min(1),
        quarantineFolder: z.string().min(1),
        maxMessageBytes: z.number().int().positive(),
        /** Bytes of mail sources fetched into memory at once (a bigger single mail is fetched alone). */
        fetchBudgetBytes: z.number().int().positive(),
        /** Subjects are cut to this many characters at parse (RFC 5322 line limit: 998). */
        maxSubjectChars: z.number().int().positive(),
        /** Text kept of a mail's body in the job (the raw mail stays on the IMAP server). */
        maxTextChars: z.number().int().positive(),
        reconnectMaxDelayMs: durationMs,
        /** Poller lease: a dead poller's mailbox is taken over by another process after this long. */
        leaseTtlMs: durationMs,
      })
      .strict(),
    smtp: z
      .object({
        host: z.string().min(1),
        port,
        secure: z.boolean(),
        /** Environment variables for SMTP auth; omit both for an unauthenticated local relay. */
        userEnv: z.string().optional(),
        passwordEnv: z.string().optional(),
        /** Or: sign in with OAuth2 (or a password) like a mailbox; a provider preset fills host and port. */
        auth: mailAuthSchema.optional(),
        /** Mails per interval for this account (microsoft365 preset: 30 a minute). */
        rateLimit: rateLimitSchema.optional(),
        pool: z.number().int().min(1).max(50),
      })
      .strict(),
    mailboxes: z.array(mailboxSchema).min(1),
    health: healthSchema,
    oauth: oauthStoreSchema,
    policiesDir: z.string().min(1),
    customersFile: z.string().min(1),
    templatesDir: z.string().min(1),
    http: z
      .object({
        enabled: z.boolean(),
        host: z.string().min(1),
        /** 0 picks a free port (tests). */
        port: z.number().int().min(0).max(65535),
        /** Environment variable holding the bearer token of the case API. */
        apiTokenEnv: z.string().min(1),
        /**
         * Accept a short (< 32 characters) or publicly known API token. Only for the local
         * stack and tests; a deployment with such a token refuses to start.
         */
        allowWeakToken: z.boolean(),
      })
      .strict(),
    staff: z
      .object({
        domains: z.array(z.string().min(1)),
        addresses: z.array(address),
        /** Team address per policy id that receives new-case notices ("*" = every policy). */
        teamAddress: z.record(z.string(), address),
      })
      .strict(),
    trust: z
      .object({
        /**
         * How senders authenticate (docs/architecture.md, "Trust"): `verify` (DKIM, SPF, DMARC
         * checked here), `authservIds` (our receiving servers' Authentication-Results),
         * `exchangeOnline` (Exchange Online's header, compauth), `none` (nobody; no staff allowed).
         */
        mode: z.enum(['verify', 'authservIds', 'exchangeOnline', 'none']),
        /**
         * Authentication-Results are believed only from these authserv-ids (your own receiving
         * servers), and only in the topmost block; anyone can write such a header into a mail.
         */
        authservIds: z.array(z.string().min(1)),
        /**
         * The `by` host of the Received line your boundary server writes when it takes mail from
         * outside (`*.example.net` for subdomains). Empty: the authservIds.
         */
        boundaryHosts: z.array(z.string().min(1)),
        /** DNS servers (`host:port`) for `verify`; empty: the system resolver. */
        dnsServers: z.array(z.string().min(1)),
        /**
         * `authservIds` mode: verify here (as `verify` does, with dnsServers) a DKIM-signed mail
         * on which your receiving servers wrote no DKIM result, because their DKIM filter was
         * down and they took the mail anyway. Off: such a sender is unauthenticated.
         */
        verifyWithoutVerdict: z.boolean(),
      })
      .strict(),
    ops: z
      .object({
        alertEmail: address,
        webhookUrl: z.url().optional(),
      })
      .strict(),
    worker: z
      .object({
        concurrency: z.number().int().min(1).max(200),
        /** A job whose worker died is handed to another worker after this long (BullMQ lock). */
        jobLockMs: durationMs,
        /** Characters of subject + body the classification rules read (the start of the mail). */
        classifyTextChars: z.number().int().positive(),
        /** A mail whose decision takes longer than this is quarantined with an ops alert. */
        decideBudgetMs: durationMs,
      })
      .strict(),
    autoReplies: z
      .object({
        /**
         * At most one automatic answer per sender per case (and per sender without a case) in this
         * window, whatever the headers say: two ticket systems acknowledging each other stop after
         * one round.
         */
        perCaseWindowMinutes: z.number().int().min(0),
        /** Automatic answers to one address per day (UTC). */
        perSenderPerDay: z.number().int().min(1),
        /** Automatic answers to everyone per hour: the support domain is never a reflector. */
        globalPerHour: z.number().int().min(1),
      })
      .strict(),
    attachments: z
      .object({
        /**
         * Decoded bytes of customer attachments one mail to the engineers may carry in total: a
         * notice attaches them up to this and lists them above it; `#attachments` splits them
         * into mails of at most this much.
         */
        maxTotalBytes: z.number().int().positive(),
      })
      .strict(),
    lifecycle: z
      .object({
        /** Resolved cases close automatically after this many days without a customer reply. */
        autoCloseDays: z.number().positive(),
      })
      .strict(),
    retention: z
      .object({
        /** Mail log entries (mail that made no case) are deleted after this many days; 0 keeps them. */
        mailLogDays: z.number().int().min(0),
        /**
         * Outbox entries of sent mails are deleted after this many days; 0 keeps them. At least 31:
         * a failed notify job stays retryable from the queue board for 30 days, and its sent
         * entry is what stops it from sending twice.
         */
        sentOutboxDays: z.union([z.literal(0), z.number().int().min(31)]),
        /**
         * Days a mail's intake record (its job data, with the mail's text) is kept after its
         * pipeline ended; 0 keeps them. Open records always stay: they are mail still owed.
         */
        closedIntakeDays: z.number().int().min(0),
        /** Rows per delete statement. */
        batchRows: z.number().int().min(1).max(100_000),
        /** How often one process of the deployment prunes (and once at each worker's start). */
        intervalMinutes: z.number().positive(),
      })
      .strict(),
    log: z
      .object({
        level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']),
      })
      .strict(),
  })
  .strict()
  .superRefine((config, ctx) => {
    const { trust, staff } = config;
    // Staff mail applies commands and reaches customers: it must never rest on a From line.
    if (trust.mode === 'none' && (staff.addresses.length > 0 || staff.domains.length > 0))
      ctx.addIssue({
        code: 'custom',
        path: ['trust', 'mode'],
        message:
          'verify, authservIds or exchangeOnline when staff are configured (staff commands need authenticated senders)',
        input: trust.mode,
      });
    if (trust.mode === 'authservIds' && trust.authservIds.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['trust', 'authservIds'],
        message: 'the authserv-ids of your receiving servers when trust.mode is authservIds',
        input: trust.authservIds,
      });
    if (trust.mode === 'exchangeOnline' && trust.boundaryHosts.length === 0)
      ctx.addIssue({
        code: 'custom',
        path: ['trust', 'boundaryHosts'],
        message:
          'the Exchange Online hosts that take mail from outside (e.g. "*.mail.protection.outlook.com")',
        input: trust.boundaryHosts,
      });
  });

export type AppConfig = z.output<typeof appConfigSchema>;
export type MailboxConfig = AppConfig['mailboxes'][number];
