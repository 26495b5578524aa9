import { Kysely, PostgresDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { migrationProvider } from './migrations.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export interface DatabaseSettings {
  url: string;
  poolSize: number;
  /** Called with every statement sent (transaction control included): for measurements. */
  onStatement?: (sql: string) => void;
}

/** A pool of connections behind a typed query builder. Close it with `db.destroy()`. */
export function openDatabase(settings: DatabaseSettings): Db {
  const pool = new pg.Pool({ connectionString: settings.url, max: settings.poolSize });
  // An idle connection dropped by the server (restart, failover) must not crash the process;
  // the next query takes a fresh one.
  pool.on('error', () => undefined);
  const onStatement = settings.onStatement;
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    ...(onStatement ? { log: (event) => onStatement(event.query.sql) } : {}),
  });
}

/** The URL without its password, for messages and logs. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/(\/\/[^:/@]*):[^@/]*@/, '$1:***@');
}

export interface MigrationReport {
  /** Migrations this call applied, in order; empty when the schema was current. */
  applied: string[];
}

/**
 * Brings the schema to the newest version. Safe to run from many processes at once: kysely's
 * PostgreSQL adapter holds a session advisory lock for the run and applies each migration in
 * its own transaction, and one already recorded is skipped, so a second run changes nothing.
 */
export async function migrateDatabase(db: Db): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error !== undefined || failed) {
    const why = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`database migration ${failed?.migrationName ?? ''} failed: ${why}`.replace('  ', ' '));
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
