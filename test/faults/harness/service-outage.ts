import { pauseService, resumeService } from './stack-service.js';
import { runTrial } from './trial.js';
import type { TrialResult } from './trial-report.js';
import { sleep, waitUntil } from './wait.js';

/** The burst of every outage trial: most to Netop, these many to FastNetMon's quota. */
export const OUTAGE_QUOTA_MAILS = 15;

/**
 * A burst submitted at 5 mails a second; once 30 are in, one stack service is stopped for
 * `seconds` and started again. The trials of Postfix and Dovecot differ only in the service.
 */
export function serviceOutageTrial(
  service: Parameters<typeof pauseService>[0],
  name: string,
  mails: number,
  seconds: number,
): Promise<TrialResult> {
  return runTrial({
    trial: `${service}-outage`,
    faults: `${name} stopped for ${seconds} s once 30 mails were submitted`,
    mails,
    quotaMails: OUTAGE_QUOTA_MAILS,
    submitPerSecond: 5,
    recoverTimeoutMs: 300_000,
    async inject({ burst, markFault }) {
      await waitUntil('30 mails submitted', async () => burst.accepted >= 30, 60_000);
      await markFault();
      await pauseService(service);
      try {
        await sleep(seconds * 1000);
      } finally {
        await resumeService(service);
      }
      return 1;
    },
  });
}
