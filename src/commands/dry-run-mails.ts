import type { LoadedConfiguration } from '../config/load-everything.js';
import { noReplyReason, notIntakeReason } from '../mail/loop-guard.js';
import { readInboundMail } from '../mail/read-inbound-mail.js';
import { staffMatcher } from '../mail/staff.js';
import { senderAuthenticator } from '../mail/trust/authenticate-sender.js';
import { decideNewMail, type FactSources } from '../pipeline/decide-new-mail.js';
import type { Decision } from '../policy/decision-types.js';
import type { Policy } from '../policy/policy-schema.js';
import { isoInZone } from '../policy/sla.js';
import type { RawMailFile } from './mail-files.js';

/** What the policy would do with one mail; one JSON line of `dry-run --json`. */
export interface DryRunResult {
  source: string;
  messageId: string | null;
  from: string | null;
  subject: string | null;
  /** The decision clock: `--at`, else the mail's Date header. */
  at: string | null;
  /** A decision outcome, or `ignored` (robot or staff mail) or `quarantine` (unparseable). */
  outcome: Decision['outcome'] | 'ignored' | 'quarantine';
  template: string | null;
  severity: string | null;
  plan: string | null;
  /** Whether a case would be opened (silently for `noReply`). */
  opensCase: boolean;
  targets: { name: string; due: string | null }[];
  reasons: string[];
}

/**
 * Runs mails through the triage path (parse → loop guard → facts → decide()) without any store:
 * nothing is sent or stored. Quota starts unused and is counted in memory across the run, as
 * are contacts learned from a quoted licence key, so a batch of one account's mails shows
 * where the quota would run out. Threading onto existing cases is not looked up: every mail is
 * treated as a new request.
 */
export async function dryRunMails(
  loaded: LoadedConfiguration,
  policy: Policy,
  mails: RawMailFile[],
  at: Date | undefined,
): Promise<DryRunResult[]> {
  const quota = new Map<string, number>();
  const learned = new Map<string, string>();
  const isStaff = staffMatcher(loaded.config.staff);
  // Reading DNS is not sending: a dry run authenticates senders the way the daemon would.
  const authenticate = senderAuthenticator(loaded.config.trust);
  const sources: FactSources = {
    directory: loaded.directory,
    limits: loaded.config.worker,
    learnedContact: async (policyId, sender) => learned.get(`${policyId}|${sender}`) ?? null,
    requestsThisMonth: async (policyId, accountId, monthKey) =>
      quota.get(`${policyId}|${accountId}|${monthKey}`) ?? 0,
  };
  const results: DryRunResult[] = [];
  for (const [i, file] of mails.entries()) {
    const parsed = await readInboundMail(file.raw, file.raw, {
      fallbackId: `dry-run-${i + 1}`,
      receivedAt: at ?? new Date(),
      authenticate,
    });
    const none = { template: null, severity: null, plan: null, opensCase: false, targets: [] };
    if (!parsed.ok) {
      results.push({
        source: file.source,
        messageId: null,
        from: null,
        subject: null,
        at: null,
        outcome: 'quarantine',
        ...none,
        reasons: [parsed.reason],
      });
      continue;
    }
    const mail = parsed.mail;
    const now = at ?? new Date(mail.date);
    const base = {
      source: file.source,
      messageId: mail.messageId,
      from: mail.from.address,
      subject: mail.subject,
      at: isoInZone(now.getTime(), policy.timezone),
    };
    const robot = notIntakeReason(mail);
    if (robot !== undefined || isStaff(mail.from.address)) {
      const reason = robot ?? 'staff mail that threads to no case';
      results.push({ ...base, outcome: 'ignored', ...none, reasons: [reason] });
      continue;
    }
    const { input, decision, monthKey } = await decideNewMail(sources, policy, mail, now);
    const toOpen = decision.outcome === 'accept' || decision.outcome === 'noReply' ? decision.case : null;
    const accountId = input.customer?.accountId ?? decision.accountId;
    if (decision.countsTowardQuota && accountId) {
      // Counted whatever the limit: decide() only reads the count where there is one.
      const key = `${policy.id}|${accountId}|${monthKey}`;
      quota.set(key, (quota.get(key) ?? 0) + 1);
    }
    if (toOpen?.recordContact) {
      learned.set(`${policy.id}|${toOpen.recordContact.email}`, toOpen.recordContact.accountId);
    }
    // RFC 3834 stops the answer, not the case (reply budgets are not simulated here).
    const noReply = decision.template === null ? undefined : noReplyReason(mail);
    results.push({
      ...base,
      outcome: decision.outcome,
      template: noReply === undefined ? decision.template : null,
      severity: toOpen?.severity ?? null,
      plan: toOpen?.planId ?? input.customer?.planId ?? null,
      opensCase: toOpen !== null,
      targets: (toOpen?.targets ?? []).map((t) => ({
        name: t.name,
        due: t.due === null ? null : isoInZone(t.due.getTime(), policy.timezone),
      })),
      reasons: [
        decision.reason,
        ...(noReply === undefined ? [] : [`no automatic answer: ${noReply}`]),
        ...(mail.sender.authenticated ? [] : [`sender not authenticated: ${mail.sender.reason}`]),
        ...decision.opsFlags.map((flag) => `ops alert: ${flag}`),
      ],
    });
  }
  return results;
}

/** One mail of the human report: a header line, then its targets and reasons indented. */
export function formatDryRunResult(r: DryRunResult): string {
  const what = [
    r.outcome,
    r.template ? `template ${r.template}` : null,
    r.severity ? `severity ${r.severity}` : null,
    r.plan ? `plan ${r.plan}` : null,
    r.opensCase ? 'opens a case' : 'no case',
  ].filter((p) => p !== null);
  return [
    `${r.source}  ${r.messageId ?? '(no Message-ID)'}  from ${r.from ?? '?'}  at ${r.at ?? '?'}`,
    `  → ${what.join(', ')}`,
    ...r.targets.map((t) => `    ${t.name} due ${t.due ?? '(paused)'}`),
    ...r.reasons.map((reason) => `    because: ${reason}`),
  ].join('\n');
}
