import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { loadEverything } from '../../src/config/load-everything.js';
import { type Daemon, startDaemon } from '../../src/main.js';
import type { CaseStore } from '../../src/store/case-store.js';
import { type Db, openDatabase } from '../../src/store/db/database.js';
import { type MailLogEntry, PgMailLog } from '../../src/store/mail-log.js';
import { PgCaseStore } from '../../src/store/pg-case-store.js';
import { PgQuotaStore } from '../../src/store/pg-quota-store.js';
import type { QuotaStore } from '../../src/store/quota-store.js';
import { addMailboxes, STACK, uniqueId } from './local-stack.js';
import { createTestDatabase } from './test-database.js';

export const POLICY_IDS = ['fastnetmon', 'netop', 'perfana', 'kolmisoft'] as const;
export type PolicyId = (typeof POLICY_IDS)[number];

/** Every address one test uses: its own copies of the example's mailboxes and people. */
export interface TestAddresses {
  mailbox: Record<PolicyId, string>;
  /** The mailbox of the test's own policy, when it has one. */
  extraMailbox?: string;
  customer: string;
  alice: string;
  bob: string;
  engineer: string;
  ops: string;
  reseller: string;
  stranger: string;
}

export interface TestDaemon {
  id: string;
  prefix: string;
  addresses: TestAddresses;
  redis: Redis;
  /** The test's own PostgreSQL database (a copy of the migrated template). */
  db: Db;
  databaseUrl: string;
  /** The daemon's cases, read straight from PostgreSQL. */
  cases: CaseStore;
  /** The mail log (mail that made no case), oldest first. */
  mailLog(): Promise<MailLogEntry[]>;
  /** The quota ledger. */
  quota: QuotaStore;
  /** The last case number handed out under a prefix (0 when none). */
  caseSequence(prefix: string): Promise<number>;
  /** The generated config and customers files, for a daemon started as a child process. */
  configFile: string;
  /** Where the http role listens, when asked for. */
  httpPort: number | undefined;
  /** What SIGHUP does: re-read the customer directory. */
  reload(): void;
  /** Stop the daemon and start a new one on the same config and Redis prefix. */
  restart(): Promise<void>;
  /** The generated customer directory, to edit before a reload. */
  customersFile: string;
  stop(): Promise<void>;
  /** Stop, delete every Redis key of this test and drop its database. */
  dispose(): Promise<void>;
}

function addressesFor(id: string, extraPolicyId?: string): TestAddresses {
  const at = (local: string, domain = 'example.test'): string => `${local}-${id}@${domain}`;
  return {
    ...(extraPolicyId ? { extraMailbox: at(extraPolicyId) } : {}),
    mailbox: {
      fastnetmon: at('fastnetmon'),
      netop: at('netop'),
      perfana: at('perfana'),
      kolmisoft: at('kolmisoft'),
    },
    customer: at('customer'),
    alice: at('alice'),
    bob: at('bob'),
    engineer: at('engineer'),
    ops: at('ops'),
    reseller: at('reseller', 'partner.test'),
    stranger: at('stranger'),
  };
}

/**
 * A policy of the test's own (e.g. minutes-long targets on a 24x7 calendar), its mailbox and
 * one account whose administrator is the test's customer.
 */
export interface ExtraPolicy {
  id: string;
  yaml: string;
  /** YAML list items for `accounts:`; `CUSTOMER` is replaced by the test's customer address. */
  accountsYaml: string;
}

export interface TestDaemonOptions {
  now?: () => Date;
  /**
   * PostgreSQL connections of the daemon: 5 for tests (many daemons share one server); the
   * benches give the shipped default (config/default.yaml's 10).
   */
  databasePoolSize?: number;
  extraPolicy?: ExtraPolicy;
  webhookUrl?: string;
  autoCloseDays?: number;
  /** Mail larger than this goes to Quarantine (default: config/default.yaml's). */
  maxMessageBytes?: number;
  /** Also run the http role on a free port, with API token `test-token`. */
  http?: boolean;
  /** The http role's port (a daemon started as a child process cannot report the one it got). */
  httpPort?: number;
  /** More mailbox list items (YAML flow maps), e.g. an OAuth2 mailbox. */
  extraMailboxes?: string[];
  /** Top-level YAML appended to the config (keys the generated file does not set, e.g. health). */
  overlayYaml?: string;
  /** Poll every this many ms instead of waiting in IDLE (imap.idle false). */
  imapPollMs?: number;
  /** The SMTP account's sending limit. */
  smtpRateLimit?: { max: number; durationMs: number };
  /**
   * How senders authenticate: the MX's Authentication-Results (default, as config/local.yaml)
   * or the daemon's own DKIM/SPF/DMARC check through the stack's DNS.
   */
  trust?: 'authservIds' | 'verify';
  /**
   * The shipped reply budgets (config/default.yaml). Without this the test daemon lifts them:
   * scenario tests send one customer's many mails within minutes, and the budgets have tests
   * of their own.
   */
  shippedReplyBudgets?: boolean;
}

/** The example customer directory with this test's own addresses. */
function writeCustomers(dir: string, a: TestAddresses, extra?: ExtraPolicy): string {
  const text = (
    readFileSync('config/customers.yaml', 'utf8') +
    (extra ? `\n${extra.accountsYaml.replaceAll('CUSTOMER', 'customer@example.test')}\n` : '')
  )
    .replaceAll('customer@example.test', a.customer)
    .replaceAll('alice@example.test', a.alice)
    .replaceAll('bob@example.test', a.bob)
    .replaceAll('reseller@partner.test', a.reseller);
  const file = join(dir, 'customers.yaml');
  writeFileSync(file, text);
  return file;
}

function writePolicies(dir: string, extra?: ExtraPolicy): string {
  const policiesDir = join(dir, 'policies');
  mkdirSync(policiesDir);
  for (const f of readdirSync('config/policies'))
    copyFileSync(join('config/policies', f), join(policiesDir, f));
  if (extra) writeFileSync(join(policiesDir, `${extra.id}.yaml`), extra.yaml);
  return policiesDir;
}

function writeConfig(
  dir: string,
  id: string,
  a: TestAddresses,
  customersFile: string,
  options: TestDaemonOptions,
  databaseUrl: string,
): string {
  const extra = options.extraPolicy;
  const mailboxes = [
    ...POLICY_IDS.map((p) => `  - { address: ${a.mailbox[p]}, passwordEnv: IMAP_PASSWORD, policy: ${p} }`),
    ...(extra && a.extraMailbox
      ? [`  - { address: ${a.extraMailbox}, passwordEnv: IMAP_PASSWORD, policy: ${extra.id} }`]
      : []),
    ...(options.extraMailboxes ?? []).map((m) => `  - ${m}`),
  ].join('\n');
  const cwd = process.cwd();
  const policiesDir = writePolicies(dir, extra);
  // Laid over config/default.yaml like any deployment file: the local stack, this test's own
  // Redis prefix and mailboxes, and short leases so a killed daemon is replaced within seconds.
  const text = `
redis: { url: ${STACK.redisUrl}, prefix: t-${id}, unsafeRedis: warn }
database: { url: "${databaseUrl}", poolSize: ${options.databasePoolSize ?? 5} }
imap:
  host: 127.0.0.1
  port: ${STACK.imap.port}
  secure: false
  pollIntervalMs: ${options.imapPollMs ?? 2000}
${options.imapPollMs ? '  idle: false\n' : ''}  reconnectMaxDelayMs: 2000
  leaseTtlMs: 3000
${options.maxMessageBytes ? `  maxMessageBytes: ${options.maxMessageBytes}\n` : ''}smtp: { host: 127.0.0.1, port: ${STACK.smtp.port}, secure: false${options.smtpRateLimit ? `, rateLimit: { max: ${options.smtpRateLimit.max}, durationMs: ${options.smtpRateLimit.durationMs} }` : ''} }
mailboxes:
${mailboxes}
customersFile: ${customersFile}
policiesDir: ${policiesDir}
templatesDir: ${join(cwd, 'templates')}
http: { enabled: ${options.http === true}, host: 127.0.0.1, port: ${options.httpPort ?? 0}, apiTokenEnv: SI_TEST_API_TOKEN, allowWeakToken: true }
trust: ${options.trust === 'verify' ? `{ mode: verify, authservIds: [${STACK.authservId}], boundaryHosts: [${STACK.authservId}], dnsServers: ["${STACK.dns.host}:${STACK.dns.port}"] }` : `{ mode: authservIds, authservIds: [${STACK.authservId}], verifyWithoutVerdict: true, dnsServers: ["${STACK.dns.host}:${STACK.dns.port}"] }`}
worker: { concurrency: 20, jobLockMs: 4000 }
${options.shippedReplyBudgets ? '' : 'autoReplies: { perCaseWindowMinutes: 0, perSenderPerDay: 1000000, globalPerHour: 1000000 }'}
staff:
  domains: []
  addresses: [${a.engineer}]
  teamAddress: { "*": ${a.engineer} }
ops: { alertEmail: ${a.ops}${options.webhookUrl ? `, webhookUrl: "${options.webhookUrl}"` : ''} }
lifecycle: { autoCloseDays: ${options.autoCloseDays ?? 7} }
${options.overlayYaml ?? ''}
`;
  const file = join(dir, 'config.yaml');
  writeFileSync(file, text);
  return file;
}

/** Prepares mailboxes, directory and config for one test, without starting anything. */
export async function prepareTestStack(options: TestDaemonOptions = {}): Promise<PreparedStack> {
  const id = uniqueId();
  const database = await createTestDatabase(id);
  const addresses = addressesFor(id, options.extraPolicy?.id);
  const { mailbox, extraMailbox, ...people } = addresses;
  await addMailboxes(
    ...Object.values(mailbox),
    ...Object.values(people),
    ...(extraMailbox ? [extraMailbox] : []),
  );
  const dir = mkdtempSync(join(tmpdir(), `si-${id}-`));
  const customersFile = writeCustomers(dir, addresses, options.extraPolicy);
  const configFile = writeConfig(dir, id, addresses, customersFile, options, database.url);
  return { id, addresses, configFile, databaseUrl: database.url, dropDatabase: database.drop };
}

export interface PreparedStack {
  id: string;
  addresses: TestAddresses;
  configFile: string;
  databaseUrl: string;
  /** Drops the test's database (with any connection still open to it). */
  dropDatabase(): Promise<void>;
}

/** What a test reads back from its database. */
export function testStores(
  databaseUrl: string,
): Pick<TestDaemon, 'db' | 'cases' | 'quota' | 'mailLog' | 'caseSequence'> {
  const db = openDatabase({ url: databaseUrl, poolSize: 2 });
  const log = new PgMailLog(db);
  return {
    db,
    cases: new PgCaseStore(db),
    quota: new PgQuotaStore(db, () => new Date()),
    mailLog: () => log.entries(),
    async caseSequence(prefix) {
      const row = await db
        .selectFrom('case_sequences')
        .select('last_number')
        .where('prefix', '=', prefix)
        .executeTakeFirst();
      return row?.last_number ?? 0;
    },
  };
}

/** A whole daemon (poller, workers) in this process, on the real local stack. */
export async function startTestDaemon(options: TestDaemonOptions = {}): Promise<TestDaemon> {
  const { id, addresses, configFile, databaseUrl, dropDatabase } = await prepareTestStack(options);
  process.env.IMAP_PASSWORD = STACK.password;
  process.env.SI_TEST_API_TOKEN = 'test-token';
  const loaded = loadEverything(configFile);
  const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? 'warn' });
  const start = (): Promise<Daemon> =>
    startDaemon({
      ...loaded,
      roles: options.http ? ['poller', 'worker', 'http'] : ['poller', 'worker'],
      logger,
      ...(options.now ? { now: options.now } : {}),
    });
  let daemon: Daemon | undefined = await start();
  const redis = new Redis(STACK.redisUrl);
  const stores = testStores(databaseUrl);
  const prefix = `t-${id}`;
  const stop = async (): Promise<void> => {
    await daemon?.stop();
    daemon = undefined;
  };
  return {
    id,
    prefix,
    addresses,
    redis,
    ...stores,
    databaseUrl,
    configFile,
    // A restarted daemon listens on a new free port.
    get httpPort() {
      return daemon?.httpPort;
    },
    reload: () => daemon?.reload(),
    async restart() {
      await stop();
      daemon = await start();
    },
    customersFile: join(dirname(configFile), 'customers.yaml'),
    stop,
    async dispose() {
      await stop();
      await deleteKeys(redis, `{${prefix}}:*`);
      await redis.quit();
      await stores.db.destroy();
      await dropDatabase();
    },
  };
}

export async function deleteKeys(redis: Redis, pattern: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.del(...keys);
  } while (cursor !== '0');
}
