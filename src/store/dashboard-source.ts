import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { BreachRow, OpenCaseRow } from '../ops/dashboard/dashboard-data.js';
import { byNextDue, nextDue } from '../ops/dashboard/next-due.js';
import { OPEN_STATUSES } from '../ops/state-gauges.js';
import type { Db } from './db/database.js';

/** jsonb turns timestamptz into text; back to instants. */
const at = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

/**
 * Every open case with the target it owes next, due soonest first; `limit` of them. All open
 * cases are read (one statement) because the order depends on pauses and met marks; that is a
 * few thousand rows at the most a support team keeps open.
 */
export async function loadOpenCases(db: Db, limit: number): Promise<{ rows: OpenCaseRow[]; total: number }> {
  const cases = await db
    .selectFrom('cases')
    .select(['id', 'policy', 'account_id', 'customer_email', 'severity', 'status', 'subject', 'created_at'])
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('case_targets')
          .select(['name', 'due', 'warn_at', 'met_at'])
          .whereRef('case_targets.case_id', '=', 'cases.id'),
      ).as('targets'),
      eb
        .exists(
          eb
            .selectFrom('case_pauses')
            .select('case_pauses.case_id')
            .whereRef('case_pauses.case_id', '=', 'cases.id')
            .where('case_pauses.ended_at', 'is', null),
        )
        .as('paused'),
    ])
    .where('status', 'in', [...OPEN_STATUSES])
    .execute();
  const rows = cases.map((c) => {
    const next = nextDue(
      c.targets.map((t) => ({ name: t.name, due: at(t.due), warnAt: at(t.warn_at), metAt: at(t.met_at) })),
      Boolean(c.paused),
    );
    return {
      id: c.id,
      customer: c.account_id ? `${c.account_id} (${c.customer_email})` : c.customer_email,
      policy: c.policy,
      severity: c.severity,
      status: c.status,
      subject: c.subject,
      nextTarget: next?.name ?? null,
      due: next?.due ?? null,
      warnAt: next?.warnAt ?? null,
      createdAt: c.created_at,
    };
  });
  return {
    rows: byNextDue(rows)
      .slice(0, limit)
      .map(({ createdAt: _, ...row }) => row),
    total: rows.length,
  };
}

/** Breaches recorded since `since`, newest first. */
export async function loadBreachesSince(db: Db, since: Date): Promise<BreachRow[]> {
  const rows = await db
    .selectFrom('case_targets')
    .innerJoin('cases', 'cases.id', 'case_targets.case_id')
    .select([
      'cases.id',
      'cases.policy',
      'cases.account_id',
      'cases.customer_email',
      'case_targets.name',
      'case_targets.breached_at',
    ])
    .where('case_targets.breached_at', '>=', since)
    .orderBy('case_targets.breached_at', 'desc')
    .execute();
  return rows.flatMap((r) =>
    r.breached_at === null
      ? []
      : [
          {
            caseId: r.id,
            policy: r.policy,
            customer: r.account_id || r.customer_email,
            target: r.name,
            breachedAt: r.breached_at,
          },
        ],
  );
}
