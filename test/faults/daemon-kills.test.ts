import { describe, expect, it } from 'vitest';
import { expectExactlyOnce } from './harness/expectations.js';
import { runTrial } from './harness/trial.js';
import { waitUntil } from './harness/wait.js';

const MAILS = Number(process.env.FAULT_INTAKE_MAILS ?? 1000);
const KILLS = Number(process.env.FAULT_DAEMON_KILLS ?? 20);
const QUOTA_MAILS = 15;

describe('the daemon SIGKILLed again and again during a large intake', () => {
  it(`${MAILS} mails, ${KILLS} SIGKILLs: every mail answered exactly once`, async () => {
    const result = await runTrial({
      trial: 'daemon-sigkills',
      faults: `${KILLS} SIGKILLs of the daemon, spread over the intake by progress, each followed by an immediate restart`,
      mails: MAILS,
      quotaMails: QUOTA_MAILS,
      recoverTimeoutMs: 900_000,
      async inject({ daemon, answered, markFault }) {
        for (let k = 1; k <= KILLS; k++) {
          // Kill k waits for k/(KILLS+2) of the answers: the kills fall throughout the intake
          // (polling, triage, sending) and the last leaves work still to do.
          const threshold = Math.floor((k * MAILS) / (KILLS + 2));
          await waitUntil(
            `${threshold} answers before kill ${k}`,
            async () => (await answered()) >= threshold,
            300_000,
          );
          await markFault();
          await daemon.kill();
          daemon.start();
        }
        return KILLS;
      },
    });
    expect(result.faultCount).toBe(KILLS);
    expectExactlyOnce(result, QUOTA_MAILS);
  }, 1_800_000);
});
