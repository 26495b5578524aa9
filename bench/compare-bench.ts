// The daemon next to the bare mail chain, in one run on the same local stack and the same N mails.
//   bare chain: customer submits → MX → Dovecot → IMAP (IDLE) fetch → parse → pooled SMTP reply → delivered
//   daemon:     customer submits → MX → Dovecot → daemon (its own process) → acknowledgement delivered
// then single mails at rest through each. The daemon gets a private Redis (AOF, like the stack's)
// so its commands and bytes per case are its own.
// Usage: [BENCH_WORKERS=K] [BENCH_IMAP_POLL_MS=N] [BENCH_WARMUP=W] npm run bench:compare [-- N [REST]]
//   (N = 300, REST = 20, K = 1, W = 100)
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { cpus } from 'node:os';
import { ImapFlow } from 'imapflow';
import { Redis } from 'ioredis';
import { simpleParser } from 'mailparser';
import nodemailer from 'nodemailer';
import pg from 'pg';
import { PrivateRedis } from '../test/faults/harness/private-redis.js';
import { peakRssMiB, startDaemonProcess } from '../test/helpers/daemon-process.js';
import { freePort } from '../test/helpers/free-port.js';
import { addMailboxes, retryingTemporary, STACK, uniqueId } from '../test/helpers/local-stack.js';
import { prepareTestStack } from '../test/helpers/test-daemon.js';
import { cpuByComponent, snapshotCpu } from './machine-cpu.js';
import { shippedDatabasePoolSize } from './shipped-defaults.js';

const N = Number(process.argv[2] ?? 300);
const REST = Number(process.argv[3] ?? 20);
// BENCH_WARMUP=W: W mails through each side, answered and not counted, before its burst (100
// unless set). A daemon that has run for a while has its hot code compiled by V8, and the mail
// servers have their worker processes started; a daemon started three seconds before the burst
// spends part of it on that (cold, its CPU a case fell from 12 ms at N = 300 to 7.7 ms at
// N = 5,000). BENCH_WARMUP=0 measures that cold start.
const WARMUP = Number(process.env.BENCH_WARMUP ?? 100);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Watches an INBOX and notes when each answer (by In-Reply-To) arrived. It polls every 50 ms
 * besides IDLE: Dovecot tells an IDLE client of new mail only half a second after storing it
 * (bench/imap-idle-delay.ts), which would be the watcher's delay, not the daemon's.
 */
async function arrivalsIn(address: string): Promise<{ at: Map<string, number>; close(): Promise<void> }> {
  const at = new Map<string, number>();
  const client = new ImapFlow({
    ...STACK.imap,
    secure: false,
    auth: { user: address, pass: STACK.password },
    logger: false,
  });
  await client.connect();
  const lock = await client.getMailboxLock('INBOX');
  // Only what arrives from now on: answers to an earlier burst (the warm-up) are not this one's.
  let lastUid = client.mailbox ? client.mailbox.uidNext - 1 : 0;
  let busy = false;
  const scan = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      for await (const m of client.fetch(`${lastUid + 1}:*`, { uid: true, envelope: true }, { uid: true })) {
        if (m.uid <= lastUid) continue;
        lastUid = m.uid;
        const id = m.envelope?.inReplyTo;
        if (id && !at.has(id)) at.set(id, Date.now());
      }
    } finally {
      busy = false;
    }
  };
  client.on('exists', () => void scan());
  const poll = setInterval(() => void scan(), 50);
  return {
    at,
    async close() {
      clearInterval(poll);
      lock.release();
      await client.logout().catch(() => client.close());
    },
  };
}

/** The bare chain's responder: IDLE on the mailbox, fetch, parse, reply over a pooled SMTP transport. */
async function bareResponder(mailbox: string): Promise<{ close(): Promise<void> }> {
  const smtp = nodemailer.createTransport({
    ...STACK.smtp,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 5,
  });
  const client = new ImapFlow({
    ...STACK.imap,
    secure: false,
    auth: { user: mailbox, pass: STACK.password },
    logger: false,
  });
  await client.connect();
  const lock = await client.getMailboxLock('INBOX');
  let lastUid = 0;
  let busy = false;
  let again = false;
  const replies: Promise<unknown>[] = [];
  const scan = async (): Promise<void> => {
    // New mail announced while a scan runs is fetched by another scan right after it, not left
    // to the next poll (as the daemon's poller does).
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    again = false;
    try {
      const fresh = await client.fetchAll(`${lastUid + 1}:*`, { uid: true, source: true }, { uid: true });
      for (const m of fresh) {
        if (m.uid <= lastUid || !m.source) continue;
        lastUid = m.uid;
        const parsed = await simpleParser(m.source);
        const to = parsed.from?.value[0]?.address;
        if (!to || !parsed.messageId) continue;
        // Resent after a temporary refusal, as the daemon's notify jobs are.
        const messageId = parsed.messageId;
        replies.push(
          retryingTemporary(() =>
            smtp.sendMail({
              from: mailbox,
              to,
              subject: `Re: ${parsed.subject ?? ''}`,
              inReplyTo: messageId,
              references: [messageId],
              text: 'Received.',
            }),
          ),
        );
      }
    } finally {
      busy = false;
    }
    if (again) await scan();
  };
  client.on('exists', () => void scan());
  const poll = setInterval(() => void scan(), 1000);
  return {
    async close() {
      clearInterval(poll);
      await Promise.allSettled(replies);
      lock.release();
      await client.logout().catch(() => client.close());
      smtp.close();
    },
  };
}

function submitter(customer: string) {
  return nodemailer.createTransport({
    ...STACK.submission,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 5,
    auth: { user: customer, pass: STACK.password },
  });
}

const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN);

type LatencySummary = { p50: number; p95: number; p99: number; max: number };

/** Percentiles and the slowest of latencies sorted ascending. */
const latencySummary = (sorted: number[]): LatencySummary => ({
  p50: percentile(sorted, 50),
  p95: percentile(sorted, 95),
  p99: percentile(sorted, 99),
  max: sorted.at(-1) ?? Number.NaN,
});

interface RunFigures {
  answered: number;
  seconds: number;
  /** How long submitting the burst took: the pace at which the mails came in. */
  submittedSeconds: number;
  perSecond: number;
  latencyMs: LatencySummary;
  /** The whole machine during the burst: how busy its cores were, and its CPU per answer. */
  machine: { busyShare: number; cpuMsPerAnswer: number };
  /** That CPU per answer by part: the daemon, this bench process, each server of the stack. */
  cpuMsPerAnswerByPart: Record<string, number>;
}

const perAnswer = (ms: number, answers: number): number => Math.round((ms / Math.max(1, answers)) * 10) / 10;

/** The stack's servers: every part but the daemon, the bench, other programs and the unattributed. */
const serversMs = (run: RunFigures): number =>
  Math.round(
    Object.entries(run.cpuMsPerAnswerByPart)
      .filter(([part]) => !['daemon', 'bench', 'other', 'unattributed'].includes(part))
      .reduce((sum, [, ms]) => sum + ms, 0) * 10,
  ) / 10;

/** A burst of `n` mails to `mailbox`, and the answers' arrival in the customer's INBOX. */
async function burst(
  customer: string,
  mailbox: string,
  n: number,
  tag: string,
  daemonPids: number[] = [],
): Promise<RunFigures> {
  const watch = await arrivalsIn(customer);
  const transport = submitter(customer);
  const sentAt = new Map<string, number>();
  const cpuBefore = snapshotCpu();
  const started = Date.now();
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const info = await retryingTemporary(() =>
        transport.sendMail({
          from: customer,
          to: mailbox,
          subject: `${tag} ${i}: remote sessions drop in the lab`,
          text: `Session ${i} to the lab machine drops after a minute.\nRegards, Casey`,
        }),
      );
      sentAt.set(info.messageId, Date.now());
    }),
  );
  transport.close();
  const deadline = Date.now() + 15 * 60_000;
  // Answers to this burst's own mails only, by the Message-IDs it sent.
  const answers = (): [string, number][] => [...watch.at.entries()].filter(([id]) => sentAt.has(id));
  while (answers().length < n && Date.now() < deadline) await sleep(200);
  const answered = answers();
  const finished = Math.max(...answered.map(([, t]) => t));
  const cpuAfter = snapshotCpu();
  await watch.close();
  const latencies = answered.map(([id, t]) => t - (sentAt.get(id) ?? started)).sort((a, b) => a - b);
  const seconds = (finished - started) / 1000;
  const submittedSeconds = (Math.max(...sentAt.values()) - started) / 1000;
  return {
    answered: answered.length,
    seconds,
    submittedSeconds,
    perSecond: Math.round((answered.length / seconds) * 10) / 10,
    latencyMs: latencySummary(latencies),
    machine: {
      busyShare:
        Math.round(
          ((cpuAfter.machine.busy - cpuBefore.machine.busy) /
            (cpuAfter.machine.total - cpuBefore.machine.total)) *
            100,
        ) / 100,
      cpuMsPerAnswer: perAnswer(cpuAfter.machine.busy - cpuBefore.machine.busy, answered.length),
    },
    cpuMsPerAnswerByPart: Object.fromEntries(
      Object.entries(cpuByComponent(cpuBefore, cpuAfter, { daemon: daemonPids, bench: [process.pid] }))
        .map(([part, ms]) => [part, perAnswer(ms, answered.length)] as const)
        .sort((a, b) => b[1] - a[1]),
    ),
  };
}

/** Single mails, one at a time, each answered before the next is sent. */
async function atRest(customer: string, mailbox: string, n: number, tag: string): Promise<LatencySummary> {
  const watch = await arrivalsIn(customer);
  const transport = submitter(customer);
  const latencies: number[] = [];
  for (let i = 0; i < n; i++) {
    const sent = Date.now();
    const info = await retryingTemporary(() =>
      transport.sendMail({
        from: customer,
        to: mailbox,
        subject: `${tag} at rest ${i}: lab host unreachable`,
        text: 'The lab host is unreachable since this morning.',
      }),
    );
    const deadline = Date.now() + 60_000;
    while (!watch.at.has(info.messageId) && Date.now() < deadline) await sleep(5);
    latencies.push((watch.at.get(info.messageId) ?? Number.NaN) - sent);
    await sleep(300);
  }
  transport.close();
  await watch.close();
  latencies.sort((a, b) => a - b);
  return latencySummary(latencies);
}

/** Sum of every command's calls, and memory in use, of a Redis. */
async function redisCounters(redis: Redis): Promise<{ commands: number; bytes: number }> {
  const stats = await redis.info('commandstats');
  const commands = [...stats.matchAll(/calls=(\d+)/g)].reduce((sum, m) => sum + Number(m[1]), 0);
  const memory = await redis.info('memory');
  return { commands, bytes: Number(/used_memory:(\d+)/.exec(memory)?.[1] ?? 0) };
}

/**
 * Statements the daemon's database ran, as PostgreSQL counts them: every statement the daemon
 * sends on its hot path is a transaction of its own (no BEGIN/COMMIT), so committed plus
 * rolled-back transactions of the database are its statements (this reader's own included, a
 * handful). Statistics reach pg_stat_database when a backend goes idle: read after a pause.
 */
async function sqlCounters(db: pg.Client): Promise<{ transactions: number; bytes: number }> {
  await sleep(1500);
  await db.query('select pg_stat_clear_snapshot()');
  const { rows } = await db.query<{ n: string; bytes: string }>(
    `select (xact_commit + xact_rollback)::text as n, pg_database_size(current_database())::text as bytes
     from pg_stat_database where datname = current_database()`,
  );
  return { transactions: Number(rows[0]?.n ?? 0), bytes: Number(rows[0]?.bytes ?? 0) };
}

// --- the bare chain ---
const bareId = uniqueId();
const bareMailbox = `bare-${bareId}@example.test`;
const bareCustomer = `bare-customer-${bareId}@example.test`;
await addMailboxes(bareMailbox, bareCustomer);
const responder = await bareResponder(bareMailbox);
if (WARMUP > 0) await burst(bareCustomer, bareMailbox, WARMUP, 'Bare warm-up');
const bare = await burst(bareCustomer, bareMailbox, N, 'Bare');
const bareRest = await atRest(bareCustomer, bareMailbox, REST, 'Bare');
await responder.close();

// --- the daemon, on a private Redis ---
const privateRedis = new PrivateRedis(await freePort());
await privateRedis.start();
const redisUrl = privateRedis.url;
const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
// BENCH_IMAP_POLL_MS=N: the daemon polls its mailboxes every N ms instead of waiting in IDLE.
const imapPollMs = Number(process.env.BENCH_IMAP_POLL_MS ?? 0) || undefined;
const { id, addresses, configFile, databaseUrl } = await prepareTestStack({
  databasePoolSize: shippedDatabasePoolSize(),
  ...(imapPollMs ? { imapPollMs } : {}),
});
const sql = new pg.Client({ connectionString: databaseUrl });
await sql.connect();
// The build in dist/ (npm run bench:compare builds it first), as the shipped daemon runs.
const daemon = startDaemonProcess(
  configFile,
  `${STACK.dir}/log/bench-compare-${id}.log`,
  { REDIS_URL: redisUrl },
  'built',
);
// BENCH_WORKERS=K: K daemon processes on the same Redis and database, the first with the poller
// (K - 1 more run only workers), to see how the cost per case grows with processes.
const WORKERS = Math.max(1, Number(process.env.BENCH_WORKERS ?? 1));
const extraWorkers = Array.from({ length: WORKERS - 1 }, (_, k) =>
  startDaemonProcess(
    configFile,
    `${STACK.dir}/log/bench-compare-${id}-worker${k + 2}.log`,
    { REDIS_URL: redisUrl },
    'built',
    'worker',
  ),
);
const processes = [daemon, ...extraWorkers];
const pids = processes.map((p) => p.pid ?? 0);
await sleep(3000); // start-up: connect, poll once
if (WARMUP > 0) {
  await burst(addresses.customer, addresses.mailbox.netop, WARMUP, 'Daemon warm-up', pids);
  await sleep(2000); // the warm-up's engineers' notices, sent after its acknowledgements
}
// BENCH_REDIS_MONITOR=FILE: every command of the burst (MONITOR), to see which jobs cost what.
const monitorFile = process.env.BENCH_REDIS_MONITOR;
const monitor = monitorFile
  ? spawn('redis-cli', ['-u', redisUrl, 'monitor'], { stdio: ['ignore', 'pipe', 'inherit'] })
  : undefined;
if (monitor && monitorFile) monitor.stdout?.pipe(createWriteStream(monitorFile));
const before = await redisCounters(redis);
const sqlBefore = await sqlCounters(sql);
const mine = await burst(addresses.customer, addresses.mailbox.netop, N, 'Daemon', pids);
const after = await redisCounters(redis);
monitor?.kill();
// Each case's last statements (the engineers' notice sent) may finish after its ack arrived.
await sleep(3000);
const sqlAfter = await sqlCounters(sql);
await sql.end();
const daemonRest = await atRest(addresses.customer, addresses.mailbox.netop, REST, 'Daemon');
const peaks = pids.map((p) => Math.round(peakRssMiB(p)));
const peakMiB = Math.max(...peaks);
await Promise.all(
  processes.map((p) => {
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    return exited;
  }),
);
await redis.quit();
await privateRedis.dispose();

const result = {
  date: new Date().toISOString(),
  machine: `${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`,
  mails: N,
  restMails: REST,
  warmUpMails: WARMUP,
  bare: { ...bare, atRestMs: bareRest },
  daemon: {
    ...mine,
    atRestMs: daemonRest,
    // The daemon's processes during the burst, from the burst's own /proc snapshots.
    cpuMsPerCase: mine.cpuMsPerAnswerByPart.daemon ?? 0,
    redisCommandsPerCase: Math.round(((after.commands - before.commands) / N) * 10) / 10,
    redisBytesPerCase: Math.round((after.bytes - before.bytes) / N),
    sqlStatementsPerCase: Math.round(((sqlAfter.transactions - sqlBefore.transactions) / N) * 10) / 10,
    postgresBytesPerCase: Math.round((sqlAfter.bytes - sqlBefore.bytes) / N),
    peakRssMiB: peakMiB,
    processes: WORKERS,
    imapPollMs: imapPollMs ?? 'idle',
    peakRssEachMiB: peaks,
  },
  ratio: Math.round((mine.perSecond / bare.perSecond) * 100) / 100,
  // The mail servers, DNS, PostgreSQL and Redis together: what the stack spent per answer.
  serversCpuMsPerAnswer: { bare: serversMs(bare), daemon: serversMs(mine) },
};
console.table({
  'answered per second': { bare: bare.perSecond, daemon: mine.perSecond },
  'burst submitted in s': { bare: bare.submittedSeconds, daemon: mine.submittedSeconds },
  'burst p50 ms': { bare: bare.latencyMs.p50, daemon: mine.latencyMs.p50 },
  'burst p95 ms': { bare: bare.latencyMs.p95, daemon: mine.latencyMs.p95 },
  'burst p99 ms': { bare: bare.latencyMs.p99, daemon: mine.latencyMs.p99 },
  'burst slowest ms': { bare: bare.latencyMs.max, daemon: mine.latencyMs.max },
  'at rest p50 ms': { bare: bareRest.p50, daemon: daemonRest.p50 },
  'at rest p99 ms': { bare: bareRest.p99, daemon: daemonRest.p99 },
  'machine busy in burst %': { bare: bare.machine.busyShare * 100, daemon: mine.machine.busyShare * 100 },
  'machine CPU ms per answer': { bare: bare.machine.cpuMsPerAnswer, daemon: mine.machine.cpuMsPerAnswer },
  'servers CPU ms per answer': result.serversCpuMsPerAnswer,
  ...Object.fromEntries(
    [...new Set([...Object.keys(mine.cpuMsPerAnswerByPart), ...Object.keys(bare.cpuMsPerAnswerByPart)])].map(
      (part) => [
        `  ${part} CPU ms per answer`,
        { bare: bare.cpuMsPerAnswerByPart[part] ?? 0, daemon: mine.cpuMsPerAnswerByPart[part] ?? 0 },
      ],
    ),
  ),
});
console.log(
  `ratio ${result.ratio}; daemon per case: ${result.daemon.cpuMsPerCase} CPU ms, ${result.daemon.redisCommandsPerCase} Redis commands, ${result.daemon.redisBytesPerCase} Redis bytes, ${result.daemon.sqlStatementsPerCase} SQL statements, ${result.daemon.postgresBytesPerCase} PostgreSQL bytes; peak RSS ${peakMiB} MiB`,
);
console.log(JSON.stringify(result));
process.exit(mine.answered === N && bare.answered === N ? 0 : 1);
