import type { CaseStatus } from './case-store.js';
import type { Db } from './db/database.js';

/** What `cases list` can ask for; every filter is optional and they combine (AND). */
export interface CaseFilter {
  status?: CaseStatus | undefined;
  policy?: string | undefined;
  customer?: string | undefined;
  /** Only cases with at least one breached target. */
  breached?: boolean | undefined;
  /** Only cases whose next unmet target is due before this instant. */
  dueBefore?: Date | undefined;
  limit: number;
}

export interface CaseListRow {
  id: string;
  policy: string;
  status: string;
  severity: string;
  customer: string;
  subject: string;
  createdAt: Date;
  /** The unmet target due soonest, if any. */
  nextTarget: string | null;
  nextDue: Date | null;
  breachedTargets: string[];
}

/** Cases for operators, next due first (cases without a running target last, newest first). */
export async function listCases(db: Db, filter: CaseFilter): Promise<CaseListRow[]> {
  let query = db
    .selectFrom('cases')
    .select(['id', 'policy', 'status', 'severity', 'customer_email', 'subject', 'created_at']);
  if (filter.status) query = query.where('status', '=', filter.status);
  if (filter.policy) query = query.where('policy', '=', filter.policy);
  if (filter.customer) query = query.where('customer_email', '=', filter.customer.toLowerCase());
  if (filter.breached)
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('case_targets')
          .select('case_id')
          .whereRef('case_targets.case_id', '=', 'cases.id')
          .where('breached_at', 'is not', null),
      ),
    );
  const cases = await query
    .orderBy('created_at', 'desc')
    .limit(Math.max(filter.limit * 4, 1000))
    .execute();
  if (cases.length === 0) return [];
  const targets = await db
    .selectFrom('case_targets')
    .select(['case_id', 'name', 'due', 'met_at', 'breached_at'])
    .where(
      'case_id',
      'in',
      cases.map((c) => c.id),
    )
    .execute();
  const rows = cases.map((c): CaseListRow => {
    const own = targets.filter((t) => t.case_id === c.id);
    const open = own
      .filter((t) => t.met_at === null && t.due !== null)
      .sort((a, b) => (a.due?.getTime() ?? 0) - (b.due?.getTime() ?? 0))[0];
    return {
      id: c.id,
      policy: c.policy,
      status: c.status,
      severity: c.severity,
      customer: c.customer_email,
      subject: c.subject,
      createdAt: c.created_at,
      nextTarget: open?.name ?? null,
      nextDue: open?.due ?? null,
      breachedTargets: own.filter((t) => t.breached_at !== null).map((t) => t.name),
    };
  });
  const closed = new Set(['resolved', 'closed']);
  return rows
    .filter(
      (r) =>
        !filter.dueBefore || (r.nextDue !== null && !closed.has(r.status) && r.nextDue < filter.dueBefore),
    )
    .sort(
      (a, b) =>
        (a.nextDue?.getTime() ?? Number.POSITIVE_INFINITY) -
          (b.nextDue?.getTime() ?? Number.POSITIVE_INFINITY) || b.createdAt.getTime() - a.createdAt.getTime(),
    )
    .slice(0, filter.limit);
}

export interface CaseTargetRow {
  name: string;
  due: Date | null;
  warnAt: Date | null;
  metAt: Date | null;
  breachedAt: Date | null;
}

/** A case's targets, pauses and the Message-IDs that thread into it. */
export async function caseParts(
  db: Db,
  id: string,
): Promise<{ targets: CaseTargetRow[]; pauses: { from: Date; to: Date | null }[]; messages: string[] }> {
  const [targets, pauses, messages] = await Promise.all([
    db
      .selectFrom('case_targets')
      .select(['name', 'due', 'warn_at', 'met_at', 'breached_at'])
      .where('case_id', '=', id)
      .orderBy('due')
      .execute(),
    db
      .selectFrom('case_pauses')
      .select(['started_at', 'ended_at'])
      .where('case_id', '=', id)
      .orderBy('started_at')
      .execute(),
    db.selectFrom('message_index').select('message_id').where('case_id', '=', id).execute(),
  ]);
  return {
    targets: targets.map((t) => ({
      name: t.name,
      due: t.due,
      warnAt: t.warn_at,
      metAt: t.met_at,
      breachedAt: t.breached_at,
    })),
    pauses: pauses.map((p) => ({ from: p.started_at, to: p.ended_at })),
    messages: messages.map((m) => m.message_id),
  };
}
