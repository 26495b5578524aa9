import { sql } from 'kysely';
import type { HistoryEntry, NewCase } from './case-store.js';
import type { Db } from './db/database.js';
import { toPgJson } from './db/pg-json.js';

/** A quota slot the case takes, admitted only while fewer than `limit` are taken. */
export interface QuotaClaim {
  policy: string;
  accountId: string;
  month: string;
  requestId: string;
  limit: number;
}

/** A mail the new case asks for, built before its number exists (`token` stands in for it). */
export interface OpeningMail {
  messageId: string;
  fields: Record<string, string>;
  job: unknown;
}

/** Everything that commits with a new case. */
export interface CaseOpening {
  casePrefix: string;
  fields: NewCase;
  history: Omit<HistoryEntry, 'at'>[];
  quota: QuotaClaim | null;
  /** Replaced by the case ID in every mail's Message-ID, fields and job. */
  token: string;
  mails: OpeningMail[];
  /** The mail's intake record, closed with the case. */
  intakeJobId?: string;
  /**
   * The sender that sends the mails right after (a job's ID): they are written claimed by it
   * (`pending`, see Outbox.claim), so its sends need no claim of their own. Absent: `queued`.
   */
  claimedBy?: string;
  /**
   * The SLA schedule version the case starts at: 1 when its first schedule (the targets in
   * `fields`) commits with it, as triage does; 0 for a case whose schedule comes later.
   */
  slaVersion?: 0 | 1;
}

export type OpeningResult =
  | { admitted: true; caseId: string; created: boolean }
  | { admitted: false; count: number };

type PauseSpan = { from: string; to?: string };
type StoredTarget = { name: string; calendar?: string; due?: string | null; warnAt?: string | null };

/**
 * Opens a case in one statement (one round trip, one transaction; the `open_case` function of
 * migrations 0004 and 0006): the quota slot, the case number, the case with its targets, pauses, index
 * entry and first history entries, its outbox rows, and the intake record closed. A retried
 * request gets its case back with `created: false`; a quota already full admits nothing.
 */
export async function insertCaseOpening(db: Db, o: CaseOpening): Promise<OpeningResult> {
  const f = o.fields;
  const createdAt = f.createdAt || new Date().toISOString();
  const targets = JSON.parse(f.targets || '[]') as StoredTarget[];
  const pauses = JSON.parse(f.pauses || '[]') as PauseSpan[];
  const parameter = {
    prefix: o.casePrefix,
    token: o.token,
    quota: o.quota,
    case: {
      policy: f.policy,
      account_id: f.accountId,
      customer_email: f.customerEmail,
      customer_name: f.customerName,
      status: f.status,
      severity: f.severity,
      plan_id: f.planId,
      subject: f.subject,
      message_id: f.messageId,
      mailbox: f.mailbox ?? '',
      created_at: createdAt,
      snapshot: JSON.parse(f.snapshot || 'null') as unknown,
      targets,
      decision: f.decision,
      billing: JSON.parse(f.billing || 'null') as unknown,
      language: f.language,
      last_customer_text: f.lastCustomerText ?? null,
      sla_version: o.slaVersion ?? 1,
      resolved_at: f.resolvedAt || null,
      assignee: f.assignee ?? null,
      ack_sent_at: f.ackSentAt || null,
      priority: Number(f.priority ?? 0),
      level: f.level ?? null,
    },
    targets: targets.map((t) => ({
      name: t.name,
      calendar: t.calendar ?? null,
      due: t.due ?? null,
      warn_at: t.warnAt ?? null,
    })),
    pauses: pauses.map((p) => ({ started_at: p.from, ended_at: p.to ?? null })),
    history: o.history,
    outbox: o.mails,
    intakeJobId: o.intakeJobId ?? null,
    claimedBy: o.claimedBy ?? null,
  };
  const { rows } = await sql<{
    result: OpeningResult;
  }>`select open_case(${toPgJson(parameter)}::jsonb) as result`.execute(db);
  const result = rows[0]?.result;
  if (!result) throw new Error(`open_case returned nothing for ${f.messageId}`);
  return result;
}

/** What the send of one mail records, in one statement (`mail_sent`, migration 0004). */
export interface SentMail {
  messageId: string;
  at: Date;
  caseId?: string;
  purpose?: string;
  /** The policy counts the acknowledgement as the first response (Netop). */
  firstResponseMetByAck: boolean;
  historyDetail: string;
}

/**
 * The outbox entry marked sent and, for a case: our Message-ID threaded to it, the history
 * line, and for an acknowledgement the ack instant (once), `new` → `acknowledged` and, where
 * the policy says so, the first response met. True when this call recorded the acknowledgement.
 */
export async function recordMailSent(db: Db, m: SentMail): Promise<{ firstAck: boolean }> {
  const parameter = {
    messageId: m.messageId,
    at: m.at.toISOString(),
    caseId: m.caseId ?? null,
    purpose: m.purpose ?? null,
    firstResponseMetByAck: m.firstResponseMetByAck,
    historyDetail: m.historyDetail,
  };
  const { rows } = await sql<{
    result: { firstAck: boolean };
  }>`select mail_sent(${toPgJson(parameter)}::jsonb) as result`.execute(db);
  return rows[0]?.result ?? { firstAck: false };
}
