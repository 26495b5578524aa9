import { describe, it } from 'vitest';
import { expectExactlyOnce } from './harness/expectations.js';
import { OUTAGE_QUOTA_MAILS, serviceOutageTrial } from './harness/service-outage.js';

const MAILS = Number(process.env.FAULT_BURST_MAILS ?? 100);
const OUTAGE_S = Number(process.env.FAULT_DOVECOT_SECONDS ?? 30);

describe('Dovecot (IMAP, LMTP, SASL) stopped during a burst', () => {
  it(`${MAILS} mails, Dovecot away for ${OUTAGE_S} s: every mail answered exactly once`, async () => {
    const result = await serviceOutageTrial('dovecot', 'Dovecot', MAILS, OUTAGE_S);
    expectExactlyOnce(result, OUTAGE_QUOTA_MAILS);
  }, 600_000);
});
