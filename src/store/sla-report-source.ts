import { jsonArrayFrom } from 'kysely/helpers/postgres';
import {
  buildSlaReport,
  type ReportCase,
  type SlaReport,
  type SlaReportQuery,
} from '../policy/report/sla-report.js';
import { planSnapshotSchema } from '../policy/sla/plan-snapshot.js';
import type { Db } from './db/database.js';

/** jsonb turns timestamptz into text; back to instants. */
const at = (v: Date | string | null): Date | null => (v === null ? null : new Date(v));

/** The cases opened in the window (of one policy, if asked), with their targets and pauses. */
export async function loadReportCases(db: Db, q: SlaReportQuery): Promise<ReportCase[]> {
  let query = db
    .selectFrom('cases')
    .select(['id', 'policy', 'plan_id', 'severity', 'account_id', 'customer_email', 'created_at', 'snapshot'])
    .select((eb) => [
      jsonArrayFrom(
        eb
          .selectFrom('case_targets')
          .select(['name', 'calendar', 'due', 'met_at', 'breached_at'])
          .whereRef('case_targets.case_id', '=', 'cases.id'),
      ).as('targets'),
      jsonArrayFrom(
        eb
          .selectFrom('case_pauses')
          .select(['started_at', 'ended_at'])
          .whereRef('case_pauses.case_id', '=', 'cases.id'),
      ).as('pauses'),
    ])
    .where('created_at', '>=', q.from)
    .where('created_at', '<', q.to);
  if (q.policy !== undefined) query = query.where('policy', '=', q.policy);
  const rows = await query.orderBy('created_at').execute();
  return rows.map((r) => {
    const snapshot = planSnapshotSchema.safeParse(r.snapshot);
    return {
      id: r.id,
      policy: r.policy,
      planId: r.plan_id,
      severity: r.severity,
      customer: r.account_id || r.customer_email,
      createdAt: r.created_at,
      contract: snapshot.success
        ? { timezone: snapshot.data.timezone, calendars: snapshot.data.calendars }
        : null,
      pauses: r.pauses.map((p) => ({
        from: new Date(p.started_at),
        ...(p.ended_at ? { to: new Date(p.ended_at) } : {}),
      })),
      targets: r.targets.map((t) => ({
        name: t.name,
        calendar: t.calendar,
        due: at(t.due),
        metAt: at(t.met_at),
        breachedAt: at(t.breached_at),
      })),
    };
  });
}

export async function loadSlaReport(db: Db, q: SlaReportQuery, now: Date): Promise<SlaReport> {
  return buildSlaReport(await loadReportCases(db, q), q, q.by, now);
}
