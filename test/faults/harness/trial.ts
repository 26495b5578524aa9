import { Redis } from 'ioredis';
import { countMessages, STACK } from '../../helpers/local-stack.js';
import { deleteKeys, prepareTestStack } from '../../helpers/test-daemon.js';
import { type BurstProgress, burstMails, submitBurst } from './customer-burst.js';
import { SupervisedDaemon } from './daemon-process.js';
import { checkSlaJobs, readOutcomes } from './outcomes.js';
import { droppedDuplicates } from './receiver-dedupe.js';
import { recordTrial, type TrialResult } from './trial-report.js';
import { sleep, waitUntil } from './wait.js';

/** What a fault script sees while the burst runs. */
export interface TrialContext {
  daemon: SupervisedDaemon;
  burst: BurstProgress;
  /** Answers in the customer's INBOX so far (IMAP STATUS). */
  answered(): Promise<number>;
  /** Mails the daemon has taken out of the support mailboxes' INBOX (their Processed folders). */
  taken(): Promise<number>;
  /** Notes how far the intake was when a fault struck (submitted, answered), for the report. */
  markFault(): Promise<void>;
}

export interface TrialSpec {
  trial: string;
  faults: string;
  mails: number;
  /** Mails to the FastNetMon mailbox (quota 10 a month). */
  quotaMails: number;
  /** The daemon's Redis, when not the stack's. */
  redisUrl?: string;
  /** Injects the faults and returns how many, once the last has ended. */
  inject(ctx: TrialContext): Promise<number>;
  /** Submit at most this many mails a second, so a fault strikes while mail is still coming in. */
  submitPerSecond?: number;
  /** The daemon's roles at the start (default poller and workers); inject may change them. */
  startRoles?: string;
  /** Bound on the whole trial after the faults end. */
  recoverTimeoutMs: number;
}

/**
 * One fault trial: a daemon child process on the real stack, a burst of customer mail through
 * submission, the faults, then the customer's INBOX read back over IMAP and the SLA queue read
 * from BullMQ. Returns the figures, also written to the results file.
 */
export async function runTrial(spec: TrialSpec): Promise<TrialResult> {
  const redisUrl = spec.redisUrl ?? STACK.redisUrl;
  const { id, addresses, configFile, dropDatabase } = await prepareTestStack();
  const prefix = `t-${id}`;
  const daemon = new SupervisedDaemon(configFile, `${STACK.dir}/log/fault-${spec.trial}-${id}.log`, {
    REDIS_URL: redisUrl,
  });
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  // The trial's own reader of the SLA queue: while a trial has Redis down it just reconnects.
  redis.on('error', () => undefined);
  try {
    if (spec.startRoles) daemon.roles = spec.startRoles;
    daemon.start();
    const mails = burstMails(spec.mails, spec.quotaMails, addresses.mailbox);
    const startedAt = Date.now();
    const burst = submitBurst(addresses.customer, mails, spec.recoverTimeoutMs, spec.submitPerSecond);
    const burstDone = burst.done.then(
      () => undefined,
      (err: unknown) => err,
    );
    const answered = () => countMessages(addresses.customer);
    const atFaults: TrialResult['atFaults'] = [];
    const markFault = async () => {
      atFaults.push({ submitted: burst.accepted, answered: await answered().catch(() => -1) });
    };
    const taken = async () => {
      const counts = await Promise.all(
        Object.values(addresses.mailbox).map((box) => countMessages(box, 'Processed')),
      );
      return counts.reduce((a, b) => a + b, 0);
    };
    const faultCount = await spec.inject({ daemon, burst, answered, taken, markFault });
    const faultEndedAt = Date.now();
    const submitError = await burstDone;
    if (submitError) throw submitError;
    let doneAt = 0;
    await waitUntil(
      `${spec.mails} answers`,
      async () => {
        const n = await answered();
        if (n >= spec.mails && doneAt === 0) doneAt = Date.now();
        return n >= spec.mails;
      },
      spec.recoverTimeoutMs,
    ).catch(() => undefined); // a shortfall is reported as lost mail below, not as a timeout
    // Give a late duplicate every chance to arrive before counting.
    await sleep(8000);
    const outcomes = await readOutcomes(addresses.customer, mails);
    const sla = await checkSlaJobs(redis, prefix, outcomes.caseTags);
    await daemon.stop();
    const { caseTags: _tags, ...counted } = outcomes;
    return recordTrial({
      trial: spec.trial,
      faults: spec.faults,
      faultCount,
      mailsSent: spec.mails,
      lost: outcomes.lost,
      duplicated: outcomes.duplicated,
      crashed: daemon.crashes,
      peakRssMiB: Math.round(daemon.peakRssMiB),
      recoverSeconds: doneAt ? Math.max(0, Math.round((doneAt - faultEndedAt) / 100) / 10) : -1,
      totalSeconds: doneAt ? Math.round((doneAt - startedAt) / 100) / 10 : -1,
      submissionRetries: burst.retries,
      atFaults,
      droppedAsDuplicates: {
        answersToCustomer: droppedDuplicates([addresses.customer]),
        customerMailToSupport: droppedDuplicates(Object.values(addresses.mailbox)),
        engineerNotices: droppedDuplicates([addresses.engineer]),
      },
      outcomes: counted,
      sla,
    });
  } finally {
    await daemon.stop();
    await deleteKeys(redis, `{${prefix}}:*`).catch(() => undefined);
    await dropDatabase().catch(() => undefined);
    redis.disconnect();
  }
}
