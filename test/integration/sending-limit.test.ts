import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotifyJobData } from '../../src/pipeline/job-types.js';
import { enqueueNotify, URGENT } from '../../src/pipeline/notify-requests.js';
import type { Services } from '../../src/services.js';
import { PgOutbox } from '../../src/store/pg-outbox.js';
import { waitForMail } from '../helpers/local-stack.js';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon.js';

const LIMIT = { max: 2, durationMs: 1000 };

/** The SMTP account's limit holds a burst to the set rate, and urgent mail overtakes routine mail. */
describe('sending limit', () => {
  let d: TestDaemon;
  let notify: Queue;

  beforeAll(async () => {
    d = await startTestDaemon({ smtpRateLimit: LIMIT });
    notify = new Queue('notify', { connection: d.redis, prefix: `{${d.prefix}}:q` });
  });
  afterAll(async () => {
    await notify?.close();
    await d?.dispose();
  });

  const mail = (n: string): NotifyJobData => ({
    messageId: `<limit-${n}-${d.id}@example.test>`,
    policy: 'fastnetmon',
    template: 'opsAlert',
    from: d.addresses.mailbox.fastnetmon,
    to: [d.addresses.ops],
    subject: `limit ${n} ${d.id}`,
    references: [],
    vars: { kind: 'test', policy: { id: 'fastnetmon', name: 'FastNetMon' }, caseId: '' },
    autoReply: true,
  });

  it('sends a burst at no more than the set rate, urgent mail first', async () => {
    // The outbox entry, then the job: the two things enqueueNotify touches.
    const s = { queues: { notify }, outbox: new PgOutbox(d.db, () => new Date()) } as unknown as Services;
    const routine = ['r1', 'r2', 'r3', 'r4', 'r5', 'r6'];
    for (const n of routine) await enqueueNotify(s, mail(n));
    await enqueueNotify(s, mail('urgent'), URGENT);
    await waitForMail(d.addresses.ops, (m) => m.subject?.startsWith('limit ') === true, {
      count: 7,
      timeoutMs: 20_000,
    });

    // When each job was let through the limiter (BullMQ's processedOn): SMTP time varies under
    // load, the moment a job may start does not.
    const sent: { n: string; at: number }[] = [];
    for (const n of [...routine, 'urgent']) {
      const job = await notify.getJob(`notify-${mail(n).messageId.replace(/[<>:]/g, '')}`);
      sent.push({ n, at: job?.processedOn ?? Number.NaN });
    }
    sent.sort((a, b) => a.at - b.at);
    // Seven mails at two a second: four windows, so at least three window lengths from first to last.
    const windows = Math.ceil(sent.length / LIMIT.max);
    expect(sent.at(-1)!.at - sent[0]!.at).toBeGreaterThanOrEqual((windows - 1) * LIMIT.durationMs - 50);
    // Enqueued last, sent in the first or second window, ahead of routine mail enqueued before it.
    expect(sent.findIndex((x) => x.n === 'urgent')).toBeLessThanOrEqual(LIMIT.max);
  }, 40_000);
});
