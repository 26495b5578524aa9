import type { Redis } from 'ioredis';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { LoadedConfiguration } from './config/load-everything.js';
import { createSignIns, imapEndpoint, type SignIns } from './mail/auth/sign-ins.js';
import { MailboxPoller } from './mail/mailbox-poller.js';
import { gatherDashboard } from './ops/dashboard/gather-dashboard.js';
import { startHttpServer } from './ops/http-server.js';
import { createMailboxAlerts } from './ops/mailbox-alerts.js';
import { MailboxHealthTracker } from './ops/mailbox-health.js';
import { createMetrics } from './ops/metrics.js';
import { cachedCheck, checkReadiness, type ReadinessCheck } from './ops/readiness.js';
import { registerStateGauges } from './ops/state-gauges.js';
import { closeQueues, createQueues } from './pipeline/queues.js';
import { startReconciler } from './pipeline/reconciler.js';
import { startWorkers } from './pipeline/start-workers.js';
import { createServices, type Services } from './services.js';
import { type DatabaseSettings, type Db, migrateDatabase, openDatabase } from './store/db/database.js';
import { RedisKeys } from './store/keys.js';
import { createRedis } from './store/redis-connection.js';
import { redisDurabilityProblems } from './store/redis-durability.js';
import { startRetention } from './store/retention.js';
import { loadSlaReport } from './store/sla-report-source.js';

export const ROLES = ['poller', 'worker', 'http'] as const;
export type Role = (typeof ROLES)[number];

export interface DaemonOptions extends LoadedConfiguration {
  roles: Role[];
  logger: Logger;
  /** Injected clock for tests; production uses the wall clock. */
  now?: () => Date;
}

export interface Daemon {
  stop(): Promise<void>;
  /** The HTTP port actually bound (config port 0 picks a free one), when the http role runs. */
  httpPort: number | undefined;
  /** SIGHUP: re-read the customer directory. */
  reload(): void;
}

/** Composes the roles asked for into one process; each role can also run alone. */
export async function startDaemon(options: DaemonOptions): Promise<Daemon> {
  const { config, logger, roles } = options;
  const redis = createRedis(config.redis.url, `${config.instance}:main`, { autoPipeline: true });
  const keys = new RedisKeys(config.redis.prefix);
  let signIns: SignIns;
  try {
    signIns = createSignIns(
      config,
      // Workers sign in to the mailboxes too: they read customer attachments from the raw mail.
      { mailboxes: roles.includes('poller') || roles.includes('worker'), smtp: roles.includes('worker') },
      redis,
      keys,
      logger,
    );
  } catch (err) {
    redis.disconnect();
    throw err;
  }
  await redis.ping();
  logger.info({ redis: redactUrl(config.redis.url), prefix: config.redis.prefix }, 'connected to Redis');
  await checkRedisDurability(redis, config.redis.unsafeRedis, logger);
  let db: Db;
  try {
    db = await openMigratedDatabase(config.database, logger);
  } catch (err) {
    redis.disconnect();
    throw err;
  }
  const queues = createQueues(redis, keys, (err) => logger.warn({ err: err.message }, 'queue error'));
  const metrics = createMetrics();
  const services = createServices({
    ...options,
    redis,
    keys,
    db,
    queues,
    metrics,
    now: options.now ?? (() => new Date()),
    smtpSignIn: signIns.smtp,
    mailboxSignIns: signIns.mailbox,
  });

  const pollers: MailboxPoller[] = [];
  let workers: { close(): Promise<void> } | undefined;
  let http: { close(): Promise<unknown>; port: number } | undefined;

  let reconciler: { stop(): void } | undefined;
  let retention: { stop(): Promise<void> } | undefined;
  if (roles.includes('worker')) {
    workers = startWorkers(services);
    // Jobs lost with Redis (or never queued after a crash) come back from PostgreSQL.
    reconciler = startReconciler(services, redis);
    // The mail log and sent outbox entries would grow forever: one worker prunes per interval.
    retention = startRetention({
      db,
      redis,
      keys,
      settings: config.retention,
      now: services.now,
      logger: logger.child({ role: 'retention' }),
    });
  }
  let health: MailboxHealthTracker | undefined;
  if (roles.includes('poller')) {
    health = new MailboxHealthTracker({
      redis,
      keys,
      registry: metrics.registry,
      alerts: createMailboxAlerts(services),
      downAlertMinutes: config.health.mailboxDownAlertMinutes,
      now: services.now,
      logger: logger.child({ role: 'health' }),
    });
    for (const mailbox of config.mailboxes) {
      const signIn = signIns.mailbox.get(mailbox.address);
      if (!signIn) throw new Error(`no sign-in for ${mailbox.address}`);
      // Each mailbox polls on its own: one that cannot sign in never holds up the others.
      const poller = new MailboxPoller(
        mailbox,
        { ...config.imap, ...imapEndpoint(mailbox, config.imap) },
        signIn,
        redis,
        keys,
        services.pollerSinks,
        logger.child({ role: 'poller' }),
        await health.track(mailbox.address),
      );
      poller.start();
      pollers.push(poller);
    }
  }
  if (roles.includes('http') && config.http.enabled) {
    // Only the process serving /metrics reads the shared state for it, at scrape time.
    registerStateGauges({
      registry: metrics.registry,
      queues,
      cases: services.cases,
      policyIds: [...options.policies.keys()],
      now: services.now,
      onReadError: (gauge, err) =>
        logger.warn(
          { gauge, err: err instanceof Error ? err.message : err },
          'metrics: state gauge not read',
        ),
    });
    const checks = readinessChecks(redis, pollers, roles, services);
    http = await startHttpServer({
      http: config.http,
      readiness: () => checkReadiness(checks, READY_TIMEOUT_MS),
      metrics,
      queues,
      cases: services.cases,
      logger,
      apiToken: process.env[config.http.apiTokenEnv],
      mailboxHealth: () => MailboxHealthTracker.readAll(redis, keys),
      slaReport: (query) => loadSlaReport(db, query, services.now()),
      dashboard: () =>
        gatherDashboard({
          db,
          queues,
          mailboxHealth: () => MailboxHealthTracker.readAll(redis, keys),
          now: services.now,
          logger,
        }),
    });
    logger.info(
      { host: config.http.host, port: http.port },
      'HTTP: /health /ready /metrics /cases /reports/sla /dashboard /admin/queues',
    );
  }
  logger.info(
    { roles, mailboxes: config.mailboxes.map((m) => `${m.address}→${m.policy}`) },
    'daemon started',
  );

  return {
    httpPort: http?.port,
    async stop() {
      // Order matters: stop taking mail, let workers finish (or hand back) their jobs, then close I/O.
      reconciler?.stop();
      await retention?.stop();
      await Promise.all(pollers.map((p) => p.stop()));
      await health?.close();
      await workers?.close();
      await http?.close();
      await services.close();
      await closeQueues(queues);
      await db.destroy();
      await redis.quit();
    },
    reload() {
      services.reloadDirectory();
    },
  };
}

/**
 * Connects to PostgreSQL and brings its schema up to date before anything reads a case: every
 * process does this at start-up; the migration lock makes concurrent starts safe.
 */
async function openMigratedDatabase(settings: DatabaseSettings, logger: Logger): Promise<Db> {
  const db = openDatabase(settings);
  try {
    const { applied } = await migrateDatabase(db);
    logger.info({ database: redactUrl(settings.url), applied }, 'connected to PostgreSQL');
    return db;
  } catch (err) {
    await db.destroy();
    throw new Error(
      `PostgreSQL at ${redactUrl(settings.url)}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/** How often a worker re-derives the SLA jobs of open cases from PostgreSQL. */

/** /ready answers within a second whatever is down. */
const READY_TIMEOUT_MS = 800;

function readinessChecks(
  redis: Redis,
  pollers: readonly MailboxPoller[],
  roles: readonly Role[],
  services: Services,
): ReadinessCheck[] {
  const checks: ReadinessCheck[] = [
    {
      name: 'postgres',
      check: cachedCheck(async () => {
        await sql`select 1`.execute(services.db);
      }, 1000),
    },
    {
      name: 'redis',
      async check() {
        // While reconnecting, a PING would wait in the offline queue: say so at once instead.
        if (redis.status !== 'ready') throw new Error(`connection ${redis.status}`);
        await redis.ping();
      },
    },
  ];
  if (pollers.length > 0) {
    checks.push({
      name: 'imap',
      async check() {
        if (!pollers.every((p) => p.imapReady()))
          throw new Error('a mailbox this process leads has no IMAP connection');
      },
    });
  }
  if (roles.includes('worker'))
    checks.push({ name: 'smtp', check: cachedCheck(() => services.smtp.verify(), 1000) });
  return checks;
}

async function checkRedisDurability(redis: Redis, mode: 'refuse' | 'warn', logger: Logger): Promise<void> {
  const problems = await redisDurabilityProblems(redis);
  if (problems.length === 0) return;
  if (mode === 'refuse') {
    throw new Error(
      `Redis would lose mail: ${problems.join('; ')}. Fix Redis, or set redis.unsafeRedis: warn (tests, local stack only)`,
    );
  }
  for (const problem of problems) logger.warn(`UNSAFE REDIS: ${problem} (redis.unsafeRedis: warn)`);
}

function redactUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
