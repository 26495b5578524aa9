import type { Services } from '../services.js';
import type { IngestJobData } from './job-types.js';

/**
 * Quarantines a mail the pipeline already took from the INBOX: the raw mail stays in the
 * Processed folder (mailbox, UIDVALIDITY and UID point at it), the mail log records the reason,
 * ops get one alert, and the quarantine metric counts it. Nothing is answered.
 */
export async function quarantineJobMail(s: Services, data: IngestJobData, reason: string): Promise<void> {
  s.logger.warn({ mailbox: data.mailbox, uid: data.uid, reason }, 'mail quarantined by the pipeline');
  await s.pollerSinks.quarantined({
    mailbox: data.mailbox,
    policy: data.policy,
    uidValidity: data.uidValidity,
    uid: data.uid,
    reason,
    size: data.mail.text.length,
  });
}
