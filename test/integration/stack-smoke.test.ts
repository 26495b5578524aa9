import { Queue, QueueEvents, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { addMailboxes, STACK, sendMail, uniqueId, waitForMail } from '../helpers/local-stack.js';

describe('local stack', () => {
  it('delivers a mail submitted to 127.0.0.1:2525 into support@example.test, readable over IMAP', async () => {
    const subject = `smoke ${uniqueId()}`;
    await sendMail({
      from: 'customer@example.test',
      to: 'support@example.test',
      subject,
      text: 'Hello over SMTP',
    });
    const [mail] = await waitForMail('support@example.test', (m) => m.subject === subject);
    expect(mail?.from?.value[0]?.address).toBe('customer@example.test');
    expect(mail?.text?.trim()).toBe('Hello over SMTP');
  });

  it('creates a mailbox with one line and delivers to it', async () => {
    const address = `smoke-${uniqueId()}@example.test`;
    await addMailboxes(address);
    await sendMail({ from: 'alice@example.test', to: address, subject: 'new box', text: 'first mail' });
    const [mail] = await waitForMail(address, (m) => m.subject === 'new box');
    expect(mail?.to && !Array.isArray(mail.to) ? mail.to.value[0]?.address : '').toBe(address);
  });

  describe('BullMQ on the stack Redis', () => {
    const connection = new Redis(STACK.redisUrl, { maxRetriesPerRequest: null });
    const prefix = `{t-${uniqueId()}}:q`;
    afterAll(async () => {
      const keys = await connection.keys(`${prefix}*`);
      if (keys.length > 0) await connection.del(...keys);
      await connection.quit();
    });

    it('round-trips a job: enqueued, processed by a worker, result read back', async () => {
      const queue = new Queue('smoke', { connection, prefix });
      const events = new QueueEvents('smoke', { connection: connection.duplicate(), prefix });
      const worker = new Worker('smoke', async (job) => ({ doubled: (job.data as { n: number }).n * 2 }), {
        connection: connection.duplicate(),
        prefix,
      });
      await events.waitUntilReady();
      const job = await queue.add('double', { n: 21 }, { jobId: 'smoke-1' });
      const result = await job.waitUntilFinished(events, 10_000);
      expect(result).toEqual({ doubled: 42 });
      await Promise.all([worker.close(), events.close(), queue.close()]);
    });
  });
});
