import { randomBytes } from 'node:crypto';
import nodemailer from 'nodemailer';
import { STACK } from '../../helpers/local-stack.js';

export interface BurstMail {
  messageId: string;
  to: string;
  subject: string;
  text: string;
}

/**
 * The burst's mail: most to Netop (no quota), `quotaMails` to FastNetMon, whose plan admits 10
 * requests a month, so a quota counted twice shows as an overQuota answer too many.
 */
export function burstMails(
  count: number,
  quotaMails: number,
  to: { netop: string; fastnetmon: string },
): BurstMail[] {
  const run = randomBytes(3).toString('hex');
  return Array.from({ length: count }, (_, i) => {
    const messageId = `<fault-${run}-${i}@example.test>`;
    return i % Math.ceil(count / quotaMails) === 0 && i / Math.ceil(count / quotaMails) < quotaMails
      ? {
          messageId,
          to: to.fastnetmon,
          subject: `Burst ${i}: fcli crashes on set hostgroup`,
          text: `Hi,\nwe run FastNetMon 1.2.8. Since this morning fcli set hostgroup ${i} segfaults.\nRegards`,
        }
      : {
          messageId,
          to: to.netop,
          subject: `Burst ${i}: remote control session drops`,
          text: `Session ${i} to the lab machine drops after a minute. Licence NTP1-ACME-7788-2026.`,
        };
  });
}

export interface BurstProgress {
  /** Mails the submission server has taken so far. */
  accepted: number;
  /** Refused or failed submission attempts that were tried again. */
  retries: number;
  done: Promise<void>;
}

/**
 * Submits the mails as the customer does (authenticated, DKIM-signed by the stack), through a
 * few pooled connections, all at once or `perSecond` at a time. A failed attempt is tried again a second later with the same
 * Message-ID, as a sender's MTA retries while the server is away; a mail the server took
 * although the client saw an error then arrives twice, which the daemon must answer once.
 */
export function submitBurst(
  from: string,
  mails: BurstMail[],
  deadlineMs: number,
  perSecond?: number,
): BurstProgress {
  const transport = nodemailer.createTransport({
    ...STACK.submission,
    secure: false,
    ignoreTLS: true,
    pool: true,
    maxConnections: 4,
    auth: { user: from, pass: STACK.password },
  });
  const progress: BurstProgress = { accepted: 0, retries: 0, done: Promise.resolve() };
  const deadline = Date.now() + deadlineMs;
  const startedAt = Date.now();
  const submitOne = async (mail: BurstMail, i: number): Promise<void> => {
    if (perSecond) await new Promise((r) => setTimeout(r, startedAt + (i * 1000) / perSecond - Date.now()));
    for (;;) {
      try {
        await transport.sendMail({ from, ...mail });
        progress.accepted += 1;
        return;
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`could not submit ${mail.messageId}: ${String(err)}`);
        progress.retries += 1;
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  };
  progress.done = Promise.all(mails.map((m, i) => submitOne(m, i))).then(
    () => transport.close(),
    (err: unknown) => {
      transport.close();
      throw err;
    },
  );
  return progress;
}
