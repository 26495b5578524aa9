import type { ColumnType, Generated } from 'kysely';

/**
 * The PostgreSQL tables as kysely sees them. Kept by hand next to the migrations that create
 * them (migrations.ts); a column added there is added here in the same commit.
 */
export interface Database {
  cases: CasesTable;
  case_history: CaseHistoryTable;
  case_targets: CaseTargetsTable;
  case_pauses: CasePausesTable;
  case_sequences: CaseSequencesTable;
  message_index: MessageIndexTable;
  outbox: OutboxTable;
  quota_reservations: QuotaReservationsTable;
  mail_log: MailLogTable;
  intake: IntakeTable;
}

/** timestamptz: read as Date, written as Date. */
type Timestamp = ColumnType<Date, Date, Date>;
/** jsonb: read parsed, written as JSON text (pg would turn a JS array into a PostgreSQL array). */
type Json<T> = ColumnType<T, string, string>;

export interface CasesTable {
  id: string;
  prefix: string;
  number: number;
  policy: string;
  account_id: string;
  customer_email: string;
  customer_name: string;
  status: string;
  severity: string;
  plan_id: string;
  subject: string;
  /**
   * The customer's Message-ID that opened the case. A case is created once per (mailbox,
   * Message-ID, sender): the same mail to two desks opens two cases, and a Message-ID reused by
   * another sender is a request of its own, never taken for a retry.
   */
  message_id: string;
  mailbox: Generated<string>;
  created_at: Timestamp;
  snapshot: Json<unknown>;
  /** The due times as last scheduled, with the details `explain` shows (case_targets has the instants). */
  targets: Json<unknown>;
  decision: string;
  billing: Json<unknown>;
  language: string;
  last_customer_text: string | null;
  sla_version: Generated<number>;
  resolved_at: Timestamp | null;
  assignee: string | null;
  ack_sent_at: Timestamp | null;
  priority: Generated<number>;
  level: string | null;
}

export interface CaseHistoryTable {
  id: Generated<string>;
  case_id: string;
  at: Timestamp;
  event: string;
  detail: string;
}

export interface CaseTargetsTable {
  case_id: string;
  name: string;
  calendar: string | null;
  due: Timestamp | null;
  warn_at: Timestamp | null;
  met_at: Timestamp | null;
  warned_at: Timestamp | null;
  breached_at: Timestamp | null;
}

export interface CasePausesTable {
  case_id: string;
  started_at: Timestamp;
  ended_at: Timestamp | null;
}

export interface CaseSequencesTable {
  prefix: string;
  /** Case numbers are taken from here and never handed out twice. */
  last_number: number;
}

export interface MessageIndexTable {
  message_id: string;
  case_id: string;
}

export interface OutboxTable {
  message_id: string;
  /** queued: asked for, not tried; pending: a send started; sent; failed: given up; suppressed: a reply budget stopped it. */
  state: 'queued' | 'pending' | 'sent' | 'failed' | 'suppressed';
  fields: Json<Record<string, string>>;
  created_at: Timestamp;
  sent_at: Timestamp | null;
  /** The notify job that sends it (and its queue order), for queueing it again after a Redis loss. */
  job: ColumnType<unknown, string | null | undefined, string | null>;
  /** Who started the pending send (a job's ID), and when: the lease of `Outbox.claim`. */
  claimed_by: string | null;
  claimed_at: Timestamp | null;
}

/** Every mail taken from a mailbox, from before it leaves the INBOX until its pipeline ends. */
export interface IntakeTable {
  /** The ingest job ID: mailbox, UIDVALIDITY and UID. */
  job_id: string;
  mailbox: string;
  message_id: string;
  /** The ingest job's data, to queue it again. */
  payload: Json<unknown>;
  state: 'pending' | 'done';
  received_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface QuotaReservationsTable {
  policy: string;
  account_id: string;
  month: string;
  message_id: string;
  reserved_at: Timestamp;
}

export interface MailLogTable {
  id: Generated<string>;
  at: Timestamp;
  outcome: string;
  reason: string;
  mailbox: string | null;
  message_id: string | null;
  sender: string | null;
  /** Everything else the entry carries (UID, UIDVALIDITY, policy ...). */
  detail: Json<Record<string, unknown>>;
}
