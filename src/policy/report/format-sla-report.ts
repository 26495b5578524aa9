import type { SlaReport, SlaReportRow, TargetFigures } from './sla-report.js';

const FIELDS = ['met', 'breached', 'pending', 'attainment', 'medianMinutes', 'p90Minutes'] as const;

const figuresOf = (row: SlaReportRow, target: string): TargetFigures => row[target] as TargetFigures;

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled. */
function csvField(value: string | number | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One line per group: key, cases, then six columns per target (`firstResponse.met` ...). */
export function slaReportCsv(report: SlaReport): string {
  const header = ['key', 'cases', ...report.targets.flatMap((t) => FIELDS.map((f) => `${t}.${f}`))];
  const lines = report.rows.map((row) =>
    [row.key, row.cases, ...report.targets.flatMap((t) => FIELDS.map((f) => figuresOf(row, t)[f]))]
      .map(csvField)
      .join(','),
  );
  return `${[header.join(','), ...lines].join('\r\n')}\r\n`;
}

const cell = (f: TargetFigures): string =>
  `${f.met}/${f.breached}/${f.pending} ${f.attainment === null ? '-' : `${f.attainment}%`} ` +
  `${f.medianMinutes ?? '-'}/${f.p90Minutes ?? '-'}`;

/** For people: one column per target, `met/breached/pending attainment median/p90 (business minutes)`. */
export function slaReportTable(report: SlaReport): string {
  const header = [report.by, 'cases', ...report.targets];
  const body = report.rows.map((row) => [
    row.key,
    String(row.cases),
    ...report.targets.map((t) => cell(figuresOf(row, t))),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => (i === 1 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [
    `SLA report ${report.from} to ${report.to}, by ${report.by}`,
    'each target: met/breached/pending attainment median/p90 business minutes to meet',
    '',
    line(header),
    ...body.map(line),
    ...(report.rows.length === 0 ? ['(no cases opened in this period)'] : []),
    '',
  ].join('\n');
}
