// End-to-end throughput and latency of the whole daemon on the real local stack:
// N customer mails → SMTP → Dovecot → poller → ingest → triage → notify → SMTP → customer INBOX.
// Usage: npm run bench:pipeline [-- N]   (needs `scripts/stack up`)
import nodemailer from 'nodemailer';
import { countMessages, STACK } from '../test/helpers/local-stack.js';
import { startTestDaemon } from '../test/helpers/test-daemon.js';
import { shippedDatabasePoolSize } from './shipped-defaults.js';

const N = Number(process.argv[2] ?? 500);

const d = await startTestDaemon({ databasePoolSize: shippedDatabasePoolSize() });
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 100);
// The customer sends as customers do: logged in to submission, so the mail leaves DKIM-signed
// and the daemon knows the sender (mail straight to the MX is a stranger's, and each one costs
// an extra ops alert).
const transport = nodemailer.createTransport({
  ...STACK.submission,
  secure: false,
  ignoreTLS: true,
  pool: true,
  maxConnections: 5,
  auth: { user: d.addresses.customer, pass: STACK.password },
});
let retried = 0;
const cpuStart = process.cpuUsage();
const started = Date.now();
const sentAt: number[] = [];
await Promise.all(
  Array.from({ length: N }, async (_, i) => {
    // A 4xx is "try again later" (the stack's MX answers 451 when a milter hiccups under a
    // burst): retry as any sending MTA would, instead of failing the whole run.
    for (let attempt = 1; ; attempt++) {
      try {
        await transport.sendMail({
          from: d.addresses.customer,
          to: d.addresses.mailbox.netop,
          subject: `Bench ${i}: remote session drops in the lab`,
          text: `Session ${i} to the lab machine drops after a minute.\nRegards, Casey`,
        });
        break;
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode ?? 0;
        if (code < 400 || code >= 500 || attempt >= 10) throw err;
        retried++;
        await new Promise((r) => setTimeout(r, 200 * attempt));
      }
    }
    sentAt.push(Date.now());
  }),
);
transport.close();
const submitted = Date.now();
// Every ack arrives in the customer's INBOX; sample the count to see when each one landed.
const arrivals: number[] = [];
let seen = 0;
while (seen < N && Date.now() - started < 600_000) {
  const now = await countMessages(d.addresses.customer);
  for (let k = seen; k < now; k++) arrivals.push(Date.now());
  seen = now;
  if (seen < N) await new Promise((r) => setTimeout(r, 100));
}
const finished = Date.now();
// A case is handled when the engineers' notice has arrived too: a build that sends the
// acknowledgements first and the notices later would otherwise look faster than it is.
while ((await countMessages(d.addresses.engineer)) < N && Date.now() - started < 600_000)
  await new Promise((r) => setTimeout(r, 100));
const noticesIn = Date.now();
const cpu = process.cpuUsage(cpuStart);
// What the run left in Redis (queues with their completed jobs, leases, checkpoints), per mail.
let redisBytes = 0;
let cursor = '0';
do {
  const [next, keys] = await d.redis.scan(cursor, 'MATCH', `{${d.prefix}}:*`, 'COUNT', 1000);
  cursor = next;
  for (const key of keys) redisBytes += Number((await d.redis.memory('USAGE', key)) ?? 0);
} while (cursor !== '0');
clearInterval(sampler);
sentAt.sort((a, b) => a - b);
const latencies = arrivals.map((t, k) => t - (sentAt[k] ?? started)).sort((a, b) => a - b);
const pct = (p: number): number =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
console.log(
  JSON.stringify(
    {
      mails: N,
      acknowledged: seen,
      submitSeconds: (submitted - started) / 1000,
      totalSeconds: (finished - started) / 1000,
      mailsPerSecond: Math.round((seen / ((finished - started) / 1000)) * 10) / 10,
      // Both mails of every case delivered (acknowledgement and engineers' notice).
      casesHandledPerSecond: Math.round((N / ((noticesIn - started) / 1000)) * 10) / 10,
      latencyMs: { p50: pct(50), p95: pct(95), max: latencies[latencies.length - 1] ?? 0 },
      daemonCpuMs: Math.round((cpu.user + cpu.system) / 1000),
      peakRssMiB: Math.round(peakRss / 1048576),
      redisBytesPerMail: Math.round(redisBytes / N),
      sendsRetriedAfter4xx: retried,
    },
    null,
    2,
  ),
);
await d.dispose();
process.exit(seen === N ? 0 : 1);
