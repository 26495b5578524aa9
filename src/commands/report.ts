import type { Command } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { loadAppConfig } from '../config/load-app-config.js';
import { parseSlaReportQuery, REPORT_FORMATS, ReportQueryError } from '../ops/sla-report-query.js';
import { slaReportCsv, slaReportTable } from '../policy/report/format-sla-report.js';
import { REPORT_GROUPINGS } from '../policy/report/sla-report.js';
import { openDatabase } from '../store/db/database.js';
import { loadSlaReport } from '../store/sla-report-source.js';

interface SlaReportOptions {
  from?: string;
  to?: string;
  policy?: string;
  by?: string;
  format: string;
  config?: string;
}

/** `support-intake report sla`: SLA attainment from the stored cases, for people and for BI tools. */
export function registerReportCommand(program: Command): void {
  const report = program.command('report').description('reports from the stored cases');
  report
    .command('sla')
    .description('first-response and resolution attainment of the cases opened in a period')
    .requiredOption('--from <date>', 'first day (YYYY-MM-DD, UTC) or ISO instant')
    .requiredOption('--to <date>', 'last day, included (YYYY-MM-DD, UTC), or an ISO instant (excluded)')
    .option('--policy <id>', 'only the cases of this policy')
    .option('--by <grouping>', `one row per ${REPORT_GROUPINGS.join('|')}`, 'policy')
    .option('--format <format>', REPORT_FORMATS.join('|'), 'table')
    .option('-c, --config <file>', 'deployment config laid over config/default.yaml')
    .action(async (opts: SlaReportOptions) => {
      let query: ReturnType<typeof parseSlaReportQuery>;
      let database: { url: string; poolSize: number };
      try {
        if (!(REPORT_FORMATS as readonly string[]).includes(opts.format)) {
          throw new ReportQueryError(
            `format: ${JSON.stringify(opts.format)} is not one of ${REPORT_FORMATS.join(', ')}`,
          );
        }
        query = parseSlaReportQuery(opts);
        database = loadAppConfig(opts.config).config.database;
      } catch (err) {
        if (!(err instanceof ReportQueryError) && !(err instanceof ConfigError)) throw err;
        process.stderr.write(`${err.message}\n`);
        process.exitCode = 1;
        return;
      }
      const db = openDatabase({ url: database.url, poolSize: 1 });
      try {
        const result = await loadSlaReport(db, query, new Date());
        process.stdout.write(
          opts.format === 'json'
            ? `${JSON.stringify(result, null, 2)}\n`
            : opts.format === 'csv'
              ? slaReportCsv(result)
              : slaReportTable(result),
        );
      } finally {
        await db.destroy();
      }
    });
}
