import { describe, expect, it } from 'vitest';
import { mailOutcome } from '../../../src/ops/mail-outcome.js';

describe('mailOutcome', () => {
  it.each([
    ['ingest', 'triage', undefined],
    ['ingest', 'engineer reply on FNM-4 relayed', 'engineer-reply'],
    ['ingest', 'follow-up FNM-4', 'follow-up'],
    ['ingest', 'unverified follow-up FNM-4', 'unverified-follow-up'],
    ['ingest', 'ignored', 'automatic'],
    ['ingest', 'ignored: unauthenticated staff mail', 'unauthenticated-staff'],
    ['ingest', 'ignored: staff mail without a case', 'staff-without-case'],
    ['ingest', 'something new', 'other'],
    ['triage', 'accept FNM-4', 'accept'],
    ['ingest', 'accept NETOP-7', 'accept'],
    ['ingest', 'decline', 'decline'],
    ['ingest', 'quarantined: classification took 900 ms', 'quarantined'],
    ['triage', 'overQuota', 'overQuota'],
    ['triage', 'noReply NETOP-2', 'noReply'],
    ['triage', 'quarantined: classification took 900 ms', 'quarantined'],
    ['triage', 'customer@example.test', 'other'],
  ] as const)('%s %j → %s', (queue, result, outcome) => {
    expect(mailOutcome(queue, result)).toBe(outcome);
  });
});
