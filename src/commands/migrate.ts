import type { Command } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { loadAppConfig } from '../config/load-app-config.js';
import { migrateDatabase, openDatabase, redactDatabaseUrl } from '../store/db/database.js';

/**
 * `support-intake migrate`: brings the PostgreSQL schema to this version. The daemon does the
 * same at start-up; this is for deployments that migrate as a separate step (and for CI).
 */
export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('bring the PostgreSQL schema (database.url or DATABASE_URL) to this version')
    .option('-c, --config <file>', 'deployment config laid over config/default.yaml')
    .action(async (opts: { config?: string }) => {
      let url: string;
      let poolSize: number;
      try {
        ({ url, poolSize } = loadAppConfig(opts.config).config.database);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        process.stderr.write(
          `configuration is invalid (${err.problems.length} problem(s)):\n${err.message}\n`,
        );
        process.exitCode = 1;
        return;
      }
      const db = openDatabase({ url, poolSize: Math.min(poolSize, 2) });
      try {
        const { applied } = await migrateDatabase(db);
        process.stdout.write(
          applied.length === 0 ? 'schema is current\n' : `applied ${applied.length}: ${applied.join(', ')}\n`,
        );
      } catch (err) {
        process.stderr.write(
          `PostgreSQL at ${redactDatabaseUrl(url)}: ${err instanceof Error ? err.message : String(err)}\n`,
        );
        process.exitCode = 1;
      } finally {
        await db.destroy();
      }
    });
}
