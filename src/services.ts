import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AppConfig } from './config/app-config-schema.js';
import { loadCustomers } from './config/load-customers.js';
import { resolveConfigPath } from './config/paths.js';
import type { CustomerDirectory } from './directory/customer-directory.js';
import type { AccountSignIn } from './mail/auth/account-sign-in.js';
import type { PollerSinks } from './mail/mailbox-poller.js';
import { outboundMessageId } from './mail/message-id.js';
import { type AttachmentFetcher, ImapAttachmentFetcher } from './mail/raw-mail-fetcher.js';
import { SmtpSender } from './mail/smtp-sender.js';
import { staffMatcher } from './mail/staff.js';
import { TemplateRenderer } from './mail/template-renderer.js';
import { senderAuthenticator } from './mail/trust/authenticate-sender.js';
import type { Metrics } from './ops/metrics.js';
import type { IngestJobData } from './pipeline/job-types.js';
import { queueNotify, URGENT } from './pipeline/queue-notify.js';
import { ingestJobOptions, type Queues } from './pipeline/queues.js';
import type { Policy } from './policy/policy-schema.js';
import type { CaseStore } from './store/case-store.js';
import type { Db } from './store/db/database.js';
import type { RedisKeys } from './store/keys.js';
import { type MailLog, PgMailLog } from './store/mail-log.js';
import type { Outbox } from './store/outbox.js';
import { PgCaseStore } from './store/pg-case-store.js';
import { PgIntake } from './store/pg-intake.js';
import { PgOutbox } from './store/pg-outbox.js';
import { PgQuotaStore } from './store/pg-quota-store.js';
import type { QuotaStore } from './store/quota-store.js';
import { ReplyBudget } from './store/reply-budget.js';

export interface ServiceInputs {
  config: AppConfig;
  policies: Map<string, Policy>;
  directory: CustomerDirectory;
  customersFile: string;
  logger: Logger;
  redis: Redis;
  keys: RedisKeys;
  /** PostgreSQL: cases, history, outbox, quota ledger, mail log. */
  db: Db;
  queues: Queues;
  metrics: Metrics;
  now: () => Date;
  /** The SMTP account's sign-in; none for an unauthenticated relay. */
  smtpSignIn?: AccountSignIn | undefined;
  /** Each mailbox's sign-in: workers read customer attachments from the raw mail on IMAP. */
  mailboxSignIns?: ReadonlyMap<string, AccountSignIn>;
}

/** Everything a pipeline stage needs, built once per process and passed explicitly. */
export interface Services extends Omit<ServiceInputs, 'directory'> {
  directory(): CustomerDirectory;
  reloadDirectory(): void;
  cases: CaseStore;
  replyBudget: ReplyBudget;
  quota: QuotaStore;
  outbox: Outbox;
  /** Each mail's intake record: open from before it leaves the INBOX until its pipeline ends. */
  intake: PgIntake;
  mailLogStore: MailLog;
  renderer: TemplateRenderer;
  smtp: SmtpSender;
  /** Customer attachments, read from the raw mail on IMAP when a mail to the engineers is sent. */
  attachmentFetcher: AttachmentFetcher;
  casePrefixes: ReadonlySet<string>;
  /** Engineers: their replies on a case thread are answers to relay, their commands are obeyed. */
  isStaff(address: string): boolean;
  pollerSinks: PollerSinks;
  /** Audit trail for mail that made no case. */
  mailLog(data: IngestJobData, outcome: string, reason: string): Promise<void>;
  close(): Promise<void>;
}

export function createServices(inputs: ServiceInputs): Services {
  const { config, policies, logger, redis, keys, db, queues, metrics } = inputs;
  const { customersFile } = inputs;
  let directory = inputs.directory;
  const smtp = new SmtpSender(config.smtp, inputs.smtpSignIn);
  const isStaff = staffMatcher(config.staff);

  const mailLogStore = new PgMailLog(db);
  const outbox = new PgOutbox(db, inputs.now);
  // Wall clock: how long a mail has been open is an operational fact, whatever clock policies use.
  const intake = new PgIntake(db, () => new Date());

  const services: Services = {
    ...inputs,
    directory: () => directory,
    reloadDirectory() {
      try {
        directory = loadCustomers(customersFile, policies);
        logger.info({ file: customersFile }, 'customer directory reloaded');
      } catch (err) {
        // Keep serving with the last good directory; a typo must not stop intake.
        logger.error({ err: err instanceof Error ? err.message : err }, 'customer directory NOT reloaded');
      }
    },
    cases: new PgCaseStore(db),
    quota: new PgQuotaStore(db, inputs.now),
    replyBudget: new ReplyBudget(redis, keys, config.autoReplies),
    outbox,
    intake,
    mailLogStore,
    renderer: new TemplateRenderer(resolveConfigPath(config.templatesDir)),
    smtp,
    attachmentFetcher: new ImapAttachmentFetcher(config, inputs.mailboxSignIns ?? new Map()),
    isStaff,
    casePrefixes: new Set([...policies.values()].map((p) => p.casePrefix)),
    pollerSinks: {
      keepAttachmentContent: (sender) => isStaff(sender),
      authenticateSender: senderAuthenticator(config.trust),
      async enqueueIngest(jobs) {
        // PostgreSQL first: once the mail leaves the INBOX, this record is what guarantees it an
        // outcome, whatever Redis loses (reconcile.ts queues open records again).
        const open = await intake.recordAll(jobs.map((j) => ({ jobId: j.jobId, payload: j.data })));
        // A mail handled already (taken again after a crash) is moved on, not queued or counted.
        const toQueue = jobs.filter((j) => open.has(j.jobId));
        await queues.ingest.addBulk(
          toQueue.map((j) => ({ name: 'ingest', data: j.data, opts: ingestJobOptions(j.jobId) })),
        );
        for (const j of toQueue) metrics.mailsEnqueued.inc({ mailbox: j.data.mailbox });
      },
      async quarantined(notice) {
        metrics.mailsQuarantined.inc({ mailbox: notice.mailbox });
        metrics.mails.inc({ policy: notice.policy, outcome: 'quarantined' });
        const { mailbox, reason, ...detail } = notice;
        await mailLogStore.append({ at: inputs.now(), outcome: 'quarantined', reason, mailbox, detail });
        await queueNotify(
          { outbox, queues },
          {
            messageId: outboundMessageId(
              notice.mailbox,
              'quarantine',
              notice.mailbox,
              notice.uidValidity,
              String(notice.uid),
            ),
            policy: notice.policy,
            template: 'opsAlert',
            from: notice.mailbox,
            to: [config.ops.alertEmail],
            subject: `[quarantine] ${notice.mailbox} UID ${notice.uid}: ${notice.reason}`,
            references: [],
            vars: {
              kind: 'quarantined mail',
              policy: { id: notice.policy, name: policies.get(notice.policy)?.name ?? notice.policy },
              reason: notice.reason,
              mailbox: notice.mailbox,
              uid: notice.uid,
              caseId: '',
            },
            autoReply: true,
          },
          URGENT,
        );
      },
    },
    async mailLog(data, outcome, reason) {
      await mailLogStore.append({
        at: inputs.now(),
        outcome,
        reason,
        mailbox: data.mailbox,
        messageId: data.mail.messageId,
        sender: data.mail.from.address,
        detail: { uid: data.uid, uidValidity: data.uidValidity },
      });
    },
    async close() {
      smtp.close();
    },
  };
  return services;
}
