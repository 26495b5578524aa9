// Peak memory of the daemon while it takes large mail: N mails just under the 25 MiB limit
// (an 18 MB attachment, base64) plus the hostile corpus, put into a support mailbox at once.
// The daemon runs as its own process; its peak RSS (VmHWM) is read from /proc.
// Usage: npm run bench:memory [-- N]   (needs `scripts/stack up`; N defaults to 50)
import { addressedCorpusMail, HOSTILE_CORPUS } from '../test/fixtures/mail/corpus.js';
import { peakRssMiB, startDaemonProcess } from '../test/helpers/daemon-process.js';
import { freePort } from '../test/helpers/free-port.js';
import { startHealthProbe, waitForHealth } from '../test/helpers/health-probe.js';
import { appendMail, countMessages, readFolder, STACK } from '../test/helpers/local-stack.js';
import { prepareTestStack } from '../test/helpers/test-daemon.js';
import { shippedDatabasePoolSize } from './shipped-defaults.js';

const N = Number(process.argv[2] ?? 50);
const port = await freePort();
const { id, addresses, configFile } = await prepareTestStack({
  databasePoolSize: shippedDatabasePoolSize(),
  http: true,
  httpPort: port,
});
const mailbox = addresses.mailbox.netop;
const addressed = (raw: Buffer, name: string): Buffer =>
  addressedCorpusMail(raw, { customer: addresses.customer, mailbox }, name, id);

const large = HOSTILE_CORPUS.find((h) => h.name === 'h43-25mb-attachment');
if (!large) throw new Error('the corpus has no 25 MB mail');
const largeRaw = large.raw();
const started = Date.now();
for (let i = 0; i < N; i++) await appendMail(mailbox, addressed(largeRaw, `large-${i}`));
for (const h of HOSTILE_CORPUS) await appendMail(mailbox, addressed(h.raw(), h.name));
const total = N + HOSTILE_CORPUS.length;
const appended = Date.now();

// The build in dist/ (npm run bench:memory builds it first), as the shipped daemon runs.
const child = startDaemonProcess(
  configFile,
  `${STACK.dir}/log/memory-bench-${id}.log`,
  { SI_TEST_API_TOKEN: 'test-token' },
  'built',
  'poller,worker,http',
);
// /health asked every 200 ms from a thread of its own while the daemon works (the 1 s target).
await waitForHealth(`http://127.0.0.1:${port}/health`);
const probe = startHealthProbe(`http://127.0.0.1:${port}/health`);
const peakMiB = (): number => peakRssMiB(child.pid ?? 0);
let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, peakMiB());
}, 200);

// Done when the INBOX is empty and every large mail is answered.
const largeIds = new Set(Array.from({ length: N }, (_, i) => `<large-${i}-${id}@example.test>`));
const deadline = Date.now() + 20 * 60_000;
let answered = 0;
while (Date.now() < deadline) {
  const inbox = await countMessages(mailbox, 'INBOX');
  answered = (await readFolder(addresses.customer)).filter((m) => largeIds.has(m.inReplyTo ?? '')).length;
  if (inbox === 0 && answered >= N) break;
  await new Promise((r) => setTimeout(r, 2000));
}
const finished = Date.now();
const health = await probe.stop();
clearInterval(sampler);
peak = Math.max(peak, peakMiB());
child.kill('SIGTERM');
const result = {
  largeMails: N,
  mails: total,
  largeAnswered: answered,
  quarantined: await countMessages(mailbox, 'Quarantine'),
  appendSeconds: (appended - started) / 1000,
  processSeconds: (finished - appended) / 1000,
  peakRssMiB: Math.round(peak),
  health: { probes: health.probes, failures: health.failures, slowestMs: Math.round(health.slowestMs) },
};
console.log(JSON.stringify(result));
process.exit(answered >= N ? 0 : 1);
