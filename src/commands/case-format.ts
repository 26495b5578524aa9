import type { CaseListRow, CaseTargetRow } from '../store/case-queries.js';
import type { CaseRecord, HistoryEntry } from '../store/case-store.js';

const iso = (d: Date | null): string => (d ? d.toISOString().replace('.000Z', 'Z') : '-');

/** `2h 05m left` / `35m late`: what an operator reads first. */
export function timeLeft(due: Date | null, now: Date): string {
  if (!due) return '-';
  const ms = due.getTime() - now.getTime();
  const mins = Math.round(Math.abs(ms) / 60_000);
  const text = mins >= 60 ? `${Math.floor(mins / 60)}h ${String(mins % 60).padStart(2, '0')}m` : `${mins}m`;
  return ms >= 0 ? `${text} left` : `${text} late`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join('\n')}\n`;
}

export function formatCaseList(rows: CaseListRow[], now: Date): string {
  if (rows.length === 0) return 'no cases\n';
  return table(
    ['CASE', 'STATUS', 'SEVERITY', 'NEXT DUE', 'TIME LEFT', 'BREACHED', 'CUSTOMER', 'SUBJECT'],
    rows.map((r) => [
      r.id,
      r.status,
      r.severity,
      r.nextTarget ? `${r.nextTarget} ${iso(r.nextDue)}` : '-',
      timeLeft(r.nextDue, now),
      r.breachedTargets.join(',') || '-',
      r.customer,
      r.subject.slice(0, 60),
    ]),
  );
}

export function formatCaseShow(shown: {
  case: CaseRecord;
  targets: CaseTargetRow[];
  pauses: { from: Date; to: Date | null }[];
  messages: string[];
  history: HistoryEntry[];
}): string {
  const c = shown.case;
  const head = [
    `${c.id}  ${c.status}  ${c.policy}  severity ${c.severity}  plan ${c.planId || 'none'}`,
    `customer: ${c.customerName} <${c.customerEmail}>  account ${c.accountId || '-'}`,
    `subject:  ${c.subject}`,
    `opened:   ${c.createdAt}  (${c.messageId})`,
    `decision: ${c.decision}`,
    '',
    'targets:',
    ...(shown.targets.length === 0
      ? ['  none']
      : shown.targets.map(
          (t) =>
            `  ${t.name.padEnd(14)} due ${iso(t.due)}  warn ${iso(t.warnAt)}  met ${iso(t.metAt)}  breached ${iso(t.breachedAt)}`,
        )),
    'pauses:',
    ...(shown.pauses.length === 0
      ? ['  none']
      : shown.pauses.map((p) => `  ${iso(p.from)} → ${p.to ? iso(p.to) : 'open'}`)),
    'messages:',
    ...shown.messages.map((m) => `  ${m}`),
    'history:',
    ...shown.history.map((h) => `  ${h.at}  ${h.event}: ${h.detail.split('\n')[0]?.slice(0, 120) ?? ''}`),
  ];
  return `${head.join('\n')}\n`;
}

export function formatQuota(q: {
  policy: string;
  account: string;
  name: string;
  month: string;
  used: number;
  limit: number | null;
}): string {
  return `${q.account} (${q.name}), ${q.policy}, ${q.month}: ${q.used} of ${q.limit ?? 'unlimited'} requests\n`;
}
