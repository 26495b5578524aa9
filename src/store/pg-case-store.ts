import type { Insertable, OnConflictBuilder, Transaction, Updateable } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { type CaseOpening, insertCaseOpening, type OpeningResult } from './case-opening.js';
import type {
  CaseRecord,
  CaseStatus,
  CaseStore,
  CaseSummary,
  HistoryEntry,
  NewCase,
  OnceField,
} from './case-store.js';
import type { Db } from './db/database.js';
import type { CasesTable, CaseTargetsTable, Database } from './db/schema.js';

type PauseSpan = { from: string; to?: string };
type StoredTarget = { name: string; calendar?: string; due?: string | null; warnAt?: string | null };
type TargetEvent = 'met_at' | 'warned_at' | 'breached_at';

const EVENT_COLUMN: Record<string, TargetEvent> = {
  met: 'met_at',
  warning: 'warned_at',
  breach: 'breached_at',
};

/** Plain case fields the pipeline may change, and the column each lives in. */
const TEXT_COLUMNS = {
  accountId: 'account_id',
  customerEmail: 'customer_email',
  customerName: 'customer_name',
  severity: 'severity',
  planId: 'plan_id',
  subject: 'subject',
  decision: 'decision',
  language: 'language',
  lastCustomerText: 'last_customer_text',
  assignee: 'assignee',
  level: 'level',
} as const satisfies Record<string, keyof CasesTable>;
const TIME_COLUMNS = { resolvedAt: 'resolved_at', ackSentAt: 'ack_sent_at' } as const;

const iso = (d: Date | null): string | undefined => (d === null ? undefined : d.toISOString());
const instant = (text: string | null | undefined): Date | null => {
  if (text === null || text === undefined || text === '') return null;
  const d = new Date(text);
  if (Number.isNaN(d.getTime())) throw new RangeError(`not an ISO instant: ${JSON.stringify(text)}`);
  return d;
};

/**
 * Cases in PostgreSQL. The record the pipeline reads is the flat shape it always had (strings,
 * JSON for targets and pauses); underneath, targets and pauses are rows of their own so reports
 * and dashboards can query them.
 */
export class PgCaseStore implements CaseStore {
  constructor(private readonly db: Db) {}

  open(opening: CaseOpening): Promise<OpeningResult> {
    return insertCaseOpening(this.db, opening);
  }

  async create(
    casePrefix: string,
    fields: NewCase,
    history: Omit<HistoryEntry, 'at'>[] = [],
  ): Promise<{ id: string; created: boolean }> {
    // The same single statement triage opens cases with, without quota, mails or a schedule.
    const opened = await this.open({
      casePrefix,
      fields,
      history,
      quota: null,
      token: '',
      mails: [],
      slaVersion: 0,
    });
    if (!opened.admitted) throw new Error(`case for ${fields.messageId} refused without a quota claim`);
    return { id: opened.caseId, created: opened.created };
  }

  async get(id: string): Promise<CaseRecord | undefined> {
    const row = await this.db
      .selectFrom('cases')
      .selectAll('cases')
      .select((eb) => [
        jsonArrayFrom(
          eb
            .selectFrom('case_targets')
            .select(['name', 'met_at', 'warned_at', 'breached_at'])
            .whereRef('case_targets.case_id', '=', 'cases.id'),
        ).as('events'),
        jsonArrayFrom(
          eb
            .selectFrom('case_pauses')
            .select(['started_at', 'ended_at'])
            .whereRef('case_pauses.case_id', '=', 'cases.id')
            .orderBy('started_at'),
        ).as('pauseRows'),
      ])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const record: CaseRecord = {
      id: row.id,
      policy: row.policy,
      accountId: row.account_id,
      customerEmail: row.customer_email,
      customerName: row.customer_name,
      status: row.status as CaseStatus,
      severity: row.severity,
      planId: row.plan_id,
      subject: row.subject,
      messageId: row.message_id,
      createdAt: row.created_at.toISOString(),
      snapshot: JSON.stringify(row.snapshot),
      targets: JSON.stringify(row.targets),
      decision: row.decision,
      // jsonb turns timestamps into text with the server's offset: back to the ISO form we wrote.
      pauses: JSON.stringify(
        row.pauseRows.map((p) => ({
          from: new Date(p.started_at).toISOString(),
          ...(p.ended_at ? { to: new Date(p.ended_at).toISOString() } : {}),
        })),
      ),
      billing: JSON.stringify(row.billing),
      language: row.language,
      slaVersion: String(row.sla_version),
      priority: String(row.priority),
    };
    if (row.last_customer_text !== null) record.lastCustomerText = row.last_customer_text;
    if (row.assignee !== null) record.assignee = row.assignee;
    if (row.level !== null) record.level = row.level;
    const resolvedAt = iso(row.resolved_at);
    if (resolvedAt) record.resolvedAt = resolvedAt;
    const ackSentAt = iso(row.ack_sent_at);
    if (ackSentAt) record.ackSentAt = ackSentAt;
    for (const t of row.events) {
      if (t.met_at) record[`met.${t.name}`] = new Date(t.met_at).toISOString();
      if (t.warned_at) record[`warning.${t.name}`] = new Date(t.warned_at).toISOString();
      if (t.breached_at) record[`breach.${t.name}`] = new Date(t.breached_at).toISOString();
    }
    return record;
  }

  async setStatus(id: string, _from: CaseStatus, to: CaseStatus): Promise<void> {
    await this.db.updateTable('cases').set({ status: to }).where('id', '=', id).execute();
  }

  async update(id: string, fields: Record<string, string>): Promise<void> {
    const columns: Updateable<CasesTable> = {};
    const events: { name: string; column: TargetEvent; at: Date | null }[] = [];
    let targets: string | undefined;
    let pauses: string | undefined;
    for (const [key, value] of Object.entries(fields)) {
      if (key === 'targets') targets = value;
      else if (key === 'pauses') pauses = value;
      else if (key === 'priority') columns.priority = Number(value);
      else if (key === 'status') columns.status = value;
      else if (key in TEXT_COLUMNS) columns[TEXT_COLUMNS[key as keyof typeof TEXT_COLUMNS]] = value;
      else if (key in TIME_COLUMNS) columns[TIME_COLUMNS[key as keyof typeof TIME_COLUMNS]] = instant(value);
      else {
        const dot = key.indexOf('.');
        const column = EVENT_COLUMN[key.slice(0, dot)];
        if (dot < 0 || !column) throw new Error(`case ${id}: no such case field ${JSON.stringify(key)}`);
        events.push({ name: key.slice(dot + 1), column, at: instant(value) });
      }
    }
    if (targets !== undefined) columns.targets = targets;
    const targetRows = targets === undefined ? [] : targetRowsOf(id, targets);
    const hasColumns = Object.keys(columns).length > 0;
    if (hasColumns && targetRows.length > 0 && pauses === undefined && events.length === 0) {
      // A reschedule (the hot path): the case and its target rows in one atomic statement.
      await this.db
        .with('touched', (qb) => qb.updateTable('cases').set(columns).where('id', '=', id).returning('id'))
        .insertInto('case_targets')
        .values(targetRows)
        .onConflict(upsertDueTimes)
        .execute();
      return;
    }
    const write = async (tx: Transaction<Database> | Db): Promise<void> => {
      if (hasColumns) await tx.updateTable('cases').set(columns).where('id', '=', id).execute();
      if (targetRows.length > 0) await writeTargetRows(tx, targetRows);
      if (pauses !== undefined) {
        await tx.deleteFrom('case_pauses').where('case_id', '=', id).execute();
        await writePauses(tx, id, pauses);
      }
      for (const e of events) await upsertTargetEvent(tx, id, e.name, e.column, e.at);
    };
    const statements =
      (hasColumns ? 1 : 0) + (targetRows.length > 0 ? 1 : 0) + (pauses !== undefined ? 2 : 0) + events.length;
    if (statements > 1) await this.db.transaction().execute(write);
    else await write(this.db);
  }

  async setOnce(id: string, field: OnceField, value: string): Promise<boolean> {
    const at = instant(value);
    if (field === 'ackSentAt') {
      const r = await this.db
        .updateTable('cases')
        .set({ ack_sent_at: at })
        .where('id', '=', id)
        .where('ack_sent_at', 'is', null)
        .executeTakeFirst();
      return r.numUpdatedRows > 0n;
    }
    const dot = field.indexOf('.');
    const column = EVENT_COLUMN[field.slice(0, dot)];
    if (!column) throw new Error(`case ${id}: no such once-only field ${JSON.stringify(field)}`);
    const name = field.slice(dot + 1);
    const row = await this.db
      .insertInto('case_targets')
      .values({ case_id: id, name, [column]: at })
      .onConflict((oc) =>
        oc
          .columns(['case_id', 'name'])
          .doUpdateSet({ [column]: at })
          .where(`case_targets.${column}`, 'is', null),
      )
      .returning('name')
      .executeTakeFirst();
    return row !== undefined;
  }

  async nextSlaVersion(id: string): Promise<number> {
    const row = await this.db
      .updateTable('cases')
      .set((eb) => ({ sla_version: eb('sla_version', '+', 1) }))
      .where('id', '=', id)
      .returning('sla_version')
      .executeTakeFirst();
    if (!row) throw new Error(`case ${id} does not exist`);
    return row.sla_version;
  }

  async linkMessage(messageId: string, caseId: string): Promise<void> {
    await this.db
      .insertInto('message_index')
      .values({ message_id: messageId, case_id: caseId })
      .onConflict((oc) => oc.column('message_id').doNothing())
      .execute();
  }

  async caseForMessages(messageIds: string[]): Promise<string | undefined> {
    if (messageIds.length === 0) return undefined;
    const rows = await this.db
      .selectFrom('message_index')
      .select(['message_id', 'case_id'])
      .where('message_id', 'in', messageIds)
      .execute();
    const byMessage = new Map(rows.map((r) => [r.message_id, r.case_id]));
    for (const m of messageIds) {
      const found = byMessage.get(m);
      if (found) return found;
    }
    return undefined;
  }

  async addHistory(id: string, event: string, detail: string, at: Date): Promise<void> {
    await this.db.insertInto('case_history').values({ case_id: id, at, event, detail }).execute();
  }

  async history(id: string): Promise<HistoryEntry[]> {
    const rows = await this.db
      .selectFrom('case_history')
      .select(['at', 'event', 'detail'])
      .where('case_id', '=', id)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ at: r.at.toISOString(), event: r.event, detail: r.detail }));
  }

  async casesOf(email: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('cases')
      .select('id')
      .where('customer_email', '=', email)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => r.id);
  }

  async summaries(statuses: readonly CaseStatus[]): Promise<CaseSummary[]> {
    if (statuses.length === 0) return [];
    const rows = await this.db
      .selectFrom('cases')
      .select(['id', 'policy', 'status', 'created_at'])
      .where('status', 'in', [...statuses])
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      policy: r.policy,
      status: r.status as CaseStatus,
      createdAt: r.created_at.toISOString(),
    }));
  }

  async withStatus(status: CaseStatus): Promise<string[]> {
    // Priority 0 means "arrival order": after every prioritised case.
    const rows = await this.db
      .selectFrom('cases')
      .select('id')
      .where('status', '=', status)
      .orderBy((eb) => eb('priority', '=', 0))
      .orderBy('priority')
      .orderBy('created_at')
      .orderBy('number')
      .execute();
    return rows.map((r) => r.id);
  }
}

function targetRowsOf(caseId: string, json: string): Insertable<CaseTargetsTable>[] {
  const targets = JSON.parse(json || '[]') as StoredTarget[];
  return targets.map((t) => ({
    case_id: caseId,
    name: t.name,
    calendar: t.calendar ?? null,
    due: instant(t.due),
    warn_at: instant(t.warnAt),
  }));
}

/** New due and warning instants; the met/warned/breached marks already there stay. */
const upsertDueTimes = (oc: OnConflictBuilder<Database, 'case_targets'>) =>
  oc.columns(['case_id', 'name']).doUpdateSet((eb) => ({
    calendar: eb.ref('excluded.calendar'),
    due: eb.ref('excluded.due'),
    warn_at: eb.ref('excluded.warn_at'),
  }));

async function writeTargetRows(
  tx: Transaction<Database> | Db,
  rows: Insertable<CaseTargetsTable>[],
): Promise<void> {
  if (rows.length === 0) return;
  await tx.insertInto('case_targets').values(rows).onConflict(upsertDueTimes).execute();
}

async function writePauses(tx: Transaction<Database> | Db, caseId: string, json: string): Promise<void> {
  const pauses = JSON.parse(json || '[]') as PauseSpan[];
  if (pauses.length === 0) return;
  await tx
    .insertInto('case_pauses')
    .values(pauses.map((p) => ({ case_id: caseId, started_at: new Date(p.from), ended_at: instant(p.to) })))
    .onConflict((oc) =>
      oc.columns(['case_id', 'started_at']).doUpdateSet((eb) => ({ ended_at: eb.ref('excluded.ended_at') })),
    )
    .execute();
}

async function upsertTargetEvent(
  tx: Transaction<Database> | Db,
  caseId: string,
  name: string,
  column: TargetEvent,
  at: Date | null,
): Promise<void> {
  await tx
    .insertInto('case_targets')
    .values({ case_id: caseId, name, [column]: at })
    .onConflict((oc) => oc.columns(['case_id', 'name']).doUpdateSet({ [column]: at }))
    .execute();
}
