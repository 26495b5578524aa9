import type { CaseOpening, OpeningResult } from './case-opening.js';

export type CaseStatus = 'new' | 'acknowledged' | 'in-progress' | 'waiting' | 'resolved' | 'closed';

export interface CaseRecord {
  id: string;
  policy: string;
  accountId: string;
  customerEmail: string;
  customerName: string;
  status: CaseStatus;
  severity: string;
  planId: string;
  subject: string;
  messageId: string;
  /** The support mailbox the opening mail came to (a mail sent to two desks opens two cases). */
  mailbox?: string;
  createdAt: string;
  /** JSON: the plan snapshot and targets in force when the case was created. */
  snapshot: string;
  /** JSON: [{name, calendar, due, warnAt}] */
  targets: string;
  /** Plain words: why the case was opened the way it was. */
  decision: string;
  /** JSON: [{from, to?}] spans waiting on the customer (resolution clocks stopped). */
  pauses: string;
  /** JSON: how the work is paid for (plan, paid hourly, free bug fix). */
  billing: string;
  language: string;
  /** First lines of the customer's latest message, for alerts. */
  lastCustomerText?: string;
  /** Schedule version of the SLA jobs; older jobs are stale. */
  slaVersion?: string;
  resolvedAt?: string;
  assignee?: string;
  /** When the acknowledgement left. */
  ackSentAt?: string;
  /** The policy's handling order: 0 = arrival order; otherwise lower is served first. */
  priority?: string;
  /** Current support level (Netop escalations). */
  level?: string;
  /** `met.<target>`, `warning.<target>`, `breach.<target>`: ISO instants. */
  [event: `met.${string}` | `warning.${string}` | `breach.${string}`]: string | undefined;
}

/** The fields a new case is created with; events and schedule fields come later. */
export type NewCase = Omit<CaseRecord, 'id' | `met.${string}` | `warning.${string}` | `breach.${string}`>;

export interface HistoryEntry {
  at: string;
  event: string;
  detail: string;
}

/** What lists and gauges need of a case. */
export interface CaseSummary {
  id: string;
  policy: string;
  status: CaseStatus;
  createdAt: string;
}

/** A field written at most once per case: the first writer wins (acknowledgement, SLA events). */
export type OnceField = 'ackSentAt' | `warning.${string}` | `breach.${string}`;

/** Cases, their history and the Message-IDs that thread into them. */
export interface CaseStore {
  /**
   * Opens a case with everything that commits with it (quota slot, targets, first history,
   * outbox rows, the intake record closed): see case-opening.ts.
   */
  open(opening: CaseOpening): Promise<OpeningResult>;
  /**
   * Creates the case once per customer Message-ID (a retried triage job gets the same ID back)
   * with a number from the prefix's sequence, never reused. `history` is stored with it.
   */
  create(
    casePrefix: string,
    fields: NewCase,
    history?: Omit<HistoryEntry, 'at'>[],
  ): Promise<{ id: string; created: boolean }>;
  get(id: string): Promise<CaseRecord | undefined>;
  setStatus(id: string, from: CaseStatus, to: CaseStatus): Promise<void>;
  /** Sets plain fields, `targets`, `pauses` and `met.<target>` marks. */
  update(id: string, fields: Record<string, string>): Promise<void>;
  /** Sets `field` unless it is set already; true when this call set it. */
  setOnce(id: string, field: OnceField, value: string): Promise<boolean>;
  /** The next SLA schedule version of the case (1 for its first schedule). */
  nextSlaVersion(id: string): Promise<number>;
  /** Message-IDs (the customer's and ours) that thread into this case; the first link stays. */
  linkMessage(messageId: string, caseId: string): Promise<void>;
  /** The case of the first of `messageIds` that has one. */
  caseForMessages(messageIds: string[]): Promise<string | undefined>;
  addHistory(id: string, event: string, detail: string, at: Date): Promise<void>;
  history(id: string): Promise<HistoryEntry[]>;
  casesOf(email: string): Promise<string[]>;
  /** Cases in a status, in the order engineers should take them: priority, then arrival. */
  withStatus(status: CaseStatus): Promise<string[]>;
  /** Every case in these statuses, oldest first, in one read. */
  summaries(statuses: readonly CaseStatus[]): Promise<CaseSummary[]>;
}
