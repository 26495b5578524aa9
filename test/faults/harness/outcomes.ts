import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { readFolder } from '../../helpers/local-stack.js';
import type { BurstMail } from './customer-burst.js';

export interface MailOutcomes {
  sent: number;
  /** Sent mails with no answer in the customer's INBOX. */
  lost: number;
  /** Answers beyond the first to one mail (counted per In-Reply-To). */
  duplicated: number;
  acks: number;
  overQuota: number;
  /** Answers of another kind (e.g. a decline): each mail should get an ack or overQuota. */
  other: number;
  /** Case tags seen in more than one acknowledgement. */
  sharedCaseTags: number;
  caseTags: string[];
  lostMessageIds: string[];
  duplicatedMessageIds: string[];
}

/** What the customer got, read back over IMAP: one answer per mail, matched by In-Reply-To. */
export async function readOutcomes(customer: string, mails: BurstMail[]): Promise<MailOutcomes> {
  const sent = new Set(mails.map((m) => m.messageId));
  const answers = (await readFolder(customer)).filter((m) => sent.has(m.inReplyTo ?? ''));
  const perMail = new Map<string, number>();
  for (const a of answers) perMail.set(a.inReplyTo ?? '', (perMail.get(a.inReplyTo ?? '') ?? 0) + 1);
  const lostMessageIds = [...sent].filter((id) => !perMail.has(id));
  const duplicatedMessageIds = [...perMail].filter(([, n]) => n > 1).map(([id]) => id);
  const caseTags: string[] = [];
  let acks = 0;
  let overQuota = 0;
  for (const a of answers) {
    // An acknowledgement names its new case in the subject ([NETOP-12], [FNM-3]); an overQuota
    // answer opens none and says the month's allowance is used.
    const tag = /\[([A-Z]+-\d+)\]/.exec(a.subject ?? '')?.[1];
    if (/already been used this month/.test(a.text ?? '')) overQuota += 1;
    else if (tag) {
      acks += 1;
      caseTags.push(tag);
    }
  }
  return {
    sent: sent.size,
    lost: lostMessageIds.length,
    duplicated: [...perMail.values()].reduce((sum, n) => sum + n - 1, 0),
    acks,
    overQuota,
    other: answers.length - acks - overQuota,
    sharedCaseTags: caseTags.length - new Set(caseTags).size,
    caseTags,
    lostMessageIds,
    duplicatedMessageIds,
  };
}

export interface SlaJobCheck {
  jobs: number;
  /** A case with more than one SLA timer still to fire, or a single check (case, target, kind) twice. */
  duplicated: number;
  /** Acknowledged cases without any SLA job. */
  casesWithout: number;
  /**
   * Cases whose live jobs belong to a schedule version above 1: scheduled again by a repeated
   * triage, which supersedes the first schedule (not wrong in itself; a trace of a re-run).
   */
  rescheduledCases: number;
}

/** Reads the test prefix's BullMQ `sla` queue: every acknowledged case's SLA jobs, once each. */
export async function checkSlaJobs(redis: Redis, prefix: string, caseTags: string[]): Promise<SlaJobCheck> {
  const queue = new Queue('sla', { connection: redis.duplicate(), prefix: `{${prefix}}:q` });
  try {
    const live = new Set(['delayed', 'waiting', 'prioritized', 'active']);
    const jobs = await queue.getJobs(['delayed', 'waiting', 'prioritized', 'active', 'completed', 'failed']);
    const seen = new Map<string, number>();
    const cases = new Set<string>();
    const rescheduled = new Set<string>();
    for (const job of jobs) {
      const data = job.data as { caseId: string; target: string; kind: string; version: number };
      cases.add(data.caseId);
      if (data.version > 1) rescheduled.add(data.caseId);
      // A case has one SLA timer still to fire; fired ones (completed) queued their successor.
      if (data.kind === 'timer' && !live.has(await job.getState())) continue;
      const key =
        data.kind === 'timer' ? `${data.caseId} timer` : `${data.caseId} ${data.target} ${data.kind}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    return {
      jobs: jobs.length,
      duplicated: [...seen.values()].reduce((sum, n) => sum + n - 1, 0),
      casesWithout: caseTags.filter((t) => !cases.has(t)).length,
      rescheduledCases: rescheduled.size,
    };
  } finally {
    await queue.close();
  }
}
