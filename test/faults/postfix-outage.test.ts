import { describe, expect, it } from 'vitest';
import { expectExactlyOnce } from './harness/expectations.js';
import { OUTAGE_QUOTA_MAILS, serviceOutageTrial } from './harness/service-outage.js';

const MAILS = Number(process.env.FAULT_BURST_MAILS ?? 100);
const OUTAGE_S = Number(process.env.FAULT_POSTFIX_SECONDS ?? 60);

describe('Postfix (MX and submission) stopped during a burst', () => {
  it(`${MAILS} mails, Postfix away for ${OUTAGE_S} s: every mail answered exactly once`, async () => {
    const result = await serviceOutageTrial('postfix', 'Postfix', MAILS, OUTAGE_S);
    expect(result.submissionRetries).toBeGreaterThan(0);
    expectExactlyOnce(result, OUTAGE_QUOTA_MAILS);
  }, 600_000);
});
