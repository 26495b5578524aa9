import { describe, expect, it } from 'vitest';
import {
  caseIdInResult,
  forcedReplayParts,
  intakeRecordId,
  replayFolderRole,
  replayHandled,
  replayJobId,
} from '../../../src/pipeline/replay-mark.js';

const imap = { quarantineFolder: 'Quarantine', processedFolder: 'Processed' };

describe('replay job identity', () => {
  it('is stable per mailbox, folder, UIDVALIDITY and UID, and never the poller’s', () => {
    const id = replayJobId('netop@example.test', 'Quarantine', '1700', 7);
    expect(id).toBe('replay-netop@example.test-Quarantine-1700-7');
    expect(replayJobId('netop@example.test', 'Quarantine', '1700', 7)).toBe(id);
    // The poller's job ID for INBOX UID 7 is `netop@example.test-1700-7`.
    expect(id).not.toBe('netop@example.test-1700-7');
    expect(replayJobId('netop@example.test', 'Processed', '1700', 7)).not.toBe(id);
    expect(replayJobId('netop@example.test', 'Quarantine', '1701', 7)).not.toBe(id);
    expect(replayJobId('netop@example.test', 'Quarantine', '1700', 8)).not.toBe(id);
  });

  it('is fresh for each forced replay, and holds no colon (BullMQ refuses it)', () => {
    const a = replayJobId('m@example.test', 'Quarantine', '1', 1, '1000');
    const b = replayJobId('m@example.test', 'Quarantine', '1', 1, '2000');
    expect(a).not.toBe(b);
    expect(a.startsWith(replayJobId('m@example.test', 'Quarantine', '1', 1))).toBe(true);
    expect(replayJobId('m@example.test', 'INBOX:Quarantine', '1', 1)).not.toContain(':');
  });
});

describe('intake record of a job', () => {
  it('is the poller’s for polled mail and the replay job’s for a replay', () => {
    const polled = { mailbox: 'm@example.test', uidValidity: '5', uid: 9 };
    expect(intakeRecordId(polled)).toBe('m@example.test-5-9');
    expect(intakeRecordId({ ...polled, replay: { folder: 'Quarantine' } })).toBe(
      replayJobId('m@example.test', 'Quarantine', '5', 9),
    );
    expect(intakeRecordId({ ...polled, replay: { folder: 'Processed', forced: '77' } })).toBe(
      replayJobId('m@example.test', 'Processed', '5', 9, '77'),
    );
  });
});

describe('forced replay answers', () => {
  it('add a part to the answer’s Message-ID only when forced', () => {
    expect(forcedReplayParts(undefined)).toEqual([]);
    expect(forcedReplayParts({ folder: 'Processed' })).toEqual([]);
    expect(forcedReplayParts({ folder: 'Processed', forced: '1000' })).toEqual(['replay Processed 1000']);
    expect(forcedReplayParts({ folder: 'Processed', forced: '2000' })).not.toEqual(
      forcedReplayParts({ folder: 'Processed', forced: '1000' }),
    );
  });
});

describe('replay folders and results', () => {
  it('knows only the two configured folders', () => {
    expect(replayFolderRole('Quarantine', imap)).toBe('quarantine');
    expect(replayFolderRole('Processed', imap)).toBe('processed');
    expect(replayFolderRole('INBOX', imap)).toBeUndefined();
    expect(replayFolderRole('quarantine', imap)).toBeUndefined();
  });

  it('reads the case a stage result names', () => {
    expect(caseIdInResult('accept FNM-12')).toBe('FNM-12');
    expect(caseIdInResult('noReply NETOP-3')).toBe('NETOP-3');
    expect(caseIdInResult('follow-up PERF-1')).toBe('PERF-1');
    expect(caseIdInResult('engineer reply on KOL-9 relayed')).toBe('KOL-9');
    expect(caseIdInResult('decline')).toBeUndefined();
    expect(caseIdInResult('ignored: staff mail without a case')).toBeUndefined();
  });

  it('treats a quarantine result as not handled', () => {
    expect(replayHandled('accept FNM-1')).toBe(true);
    expect(replayHandled('ignored')).toBe(true);
    expect(replayHandled('quarantined: classification took 900 ms, over the 500 ms budget')).toBe(false);
  });
});
