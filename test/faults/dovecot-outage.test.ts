import { describe, it } from 'vitest';
import { expectExactlyOnce } from './harness/expectations.js';
import { pauseService, resumeService } from './harness/stack-service.js';
import { runTrial } from './harness/trial.js';
import { sleep, waitUntil } from './harness/wait.js';

const MAILS = Number(process.env.FAULT_BURST_MAILS ?? 100);
const QUOTA_MAILS = 15;
const OUTAGE_S = Number(process.env.FAULT_DOVECOT_SECONDS ?? 30);

describe('Dovecot (IMAP, LMTP, SASL) stopped during a burst', () => {
  it(`${MAILS} mails, Dovecot away for ${OUTAGE_S} s: every mail answered exactly once`, async () => {
    const result = await runTrial({
      trial: 'dovecot-outage',
      faults: `Dovecot stopped for ${OUTAGE_S} s once 30 mails were submitted`,
      mails: MAILS,
      quotaMails: QUOTA_MAILS,
      submitPerSecond: 5,
      recoverTimeoutMs: 300_000,
      async inject({ burst, markFault }) {
        await waitUntil('30 mails submitted', async () => burst.accepted >= 30, 60_000);
        await markFault();
        await pauseService('dovecot');
        try {
          await sleep(OUTAGE_S * 1000);
        } finally {
          await resumeService('dovecot');
        }
        return 1;
      },
    });
    expectExactlyOnce(result, QUOTA_MAILS);
  }, 600_000);
});
