import { QueueEvents } from 'bullmq';
import type { Command } from 'commander';
import { pino } from 'pino';
import type { AppConfig } from '../config/app-config-schema.js';
import { ConfigError } from '../config/config-error.js';
import { loadAppConfig } from '../config/load-app-config.js';
import { createSignIns } from '../mail/auth/sign-ins.js';
import { staffMatcher } from '../mail/staff.js';
import { senderAuthenticator } from '../mail/trust/authenticate-sender.js';
import { ReplayUsageError, replayMail } from '../ops/replay-mail.js';
import { closeQueues, createQueues } from '../pipeline/queues.js';
import { openDatabase } from '../store/db/database.js';
import { RedisKeys } from '../store/keys.js';
import { PgMailLog } from '../store/mail-log.js';
import { PgCaseStore } from '../store/pg-case-store.js';
import { PgIntake } from '../store/pg-intake.js';
import { createRedis } from '../store/redis-connection.js';
import { formatReplay, replayExitCode } from './replay-format.js';

interface ReplayOptions {
  mailbox: string;
  folder: string;
  uid: string;
  force?: boolean;
  timeout: string;
  json?: boolean;
  config?: string;
}

function refuse(message: string): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = 2;
}

/**
 * `support-intake replay`: one raw mail from a mailbox's Quarantine or Processed folder through
 * the pipeline again (after the operator fixed the config), waiting for the running daemon's
 * workers to handle it. See docs/operations.md, *Replaying a mail*.
 */
export function registerReplayCommand(program: Command): void {
  program
    .command('replay')
    .description("run a mail from a mailbox's Quarantine or Processed folder through the pipeline again")
    .requiredOption('--mailbox <address>', 'the support mailbox (as in the config)')
    .requiredOption('--folder <folder>', 'Quarantine or Processed (imap.quarantineFolder / processedFolder)')
    .requiredOption('--uid <n>', "the mail's UID in that folder, under its current UIDVALIDITY")
    .option('--force', 'answer the customer again with a fresh Message-ID, outside the reply budgets')
    .option('--timeout <seconds>', "how long to wait for the daemon's workers", '60')
    .option('--json', 'as JSON')
    .option('-c, --config <file>', 'deployment config laid over config/default.yaml')
    .action(async (opts: ReplayOptions) => {
      const uid = Number(opts.uid);
      if (!Number.isInteger(uid) || uid < 1) return refuse('--uid: expected a positive integer');
      const timeout = Number(opts.timeout);
      if (!Number.isFinite(timeout) || timeout <= 0) return refuse('--timeout: expected seconds > 0');
      let config: AppConfig;
      try {
        config = loadAppConfig(opts.config).config;
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        return refuse(`configuration is invalid\n${err.message}`);
      }
      const mailbox = config.mailboxes.find((m) => m.address.toLowerCase() === opts.mailbox.toLowerCase());
      if (!mailbox)
        return refuse(
          `--mailbox: ${opts.mailbox} is not a configured mailbox (known: ${config.mailboxes.map((m) => m.address).join(', ')})`,
        );
      const folders = [config.imap.quarantineFolder, config.imap.processedFolder];
      if (!folders.includes(opts.folder))
        return refuse(`--folder: ${JSON.stringify(opts.folder)} is not one of ${folders.join(', ')}`);

      const logger = pino({ level: 'warn' }, pino.destination(2));
      const redis = createRedis(config.redis.url, `${config.instance}:cli:replay`);
      const keys = new RedisKeys(config.redis.prefix);
      const queues = createQueues(redis, keys, (err) => logger.warn({ err: err.message }, 'queue error'));
      // QueueEvents blocks on its connection: one each, closed by us (BullMQ leaves a given one open).
      const eventConnections = ['ingest', 'triage'].map((name) =>
        createRedis(config.redis.url, `${config.instance}:cli:replay:${name}-events`),
      );
      const events = (name: 'ingest' | 'triage', i: number) =>
        new QueueEvents(name, { connection: eventConnections[i]!, prefix: keys.queuePrefix });
      const ingestEvents = events('ingest', 0);
      const triageEvents = events('triage', 1);
      const db = openDatabase({ url: config.database.url, poolSize: 2 });
      try {
        const signIn = createSignIns(
          { ...config, mailboxes: [mailbox] },
          { mailboxes: true, smtp: false },
          redis,
          keys,
          logger,
        ).mailbox.get(mailbox.address);
        if (!signIn) throw new Error(`no sign-in for ${mailbox.address}`);
        const report = await replayMail(
          {
            config,
            signIn,
            ingest: queues.ingest,
            ingestEvents,
            triage: queues.triage,
            triageEvents,
            authenticateSender: senderAuthenticator(config.trust),
            isStaff: staffMatcher(config.staff),
            cases: new PgCaseStore(db),
            mailLog: new PgMailLog(db),
            intake: new PgIntake(db, () => new Date()),
            now: () => new Date(),
          },
          { mailbox, folder: opts.folder, uid, force: opts.force === true, timeoutMs: timeout * 1000 },
        );
        process.stdout.write(opts.json ? `${JSON.stringify(report, null, 2)}\n` : formatReplay(report));
        process.exitCode = replayExitCode(report.status);
      } catch (err) {
        if (!(err instanceof ReplayUsageError)) throw err;
        refuse(err.message);
      } finally {
        await Promise.all([ingestEvents.close(), triageEvents.close()]);
        await closeQueues(queues);
        await db.destroy();
        for (const connection of [redis, ...eventConnections]) connection.disconnect();
      }
    });
}
