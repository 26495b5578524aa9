import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, openDatabase } from '../../src/store/db/database.js';
import { migrationProvider } from '../../src/store/db/migrations.js';
import { DATABASE_URL } from '../helpers/test-database.js';

const run = promisify(execFile);
const MIGRATION_NAMES = Object.keys(await migrationProvider.getMigrations()).sort();
const suffix = Date.now().toString(36);
const names = [`si_migrate_cli_${suffix}`, `si_migrate_race_${suffix}`];
const urlOf = (name: string): string => {
  const u = new URL(DATABASE_URL);
  u.pathname = `/${name}`;
  return u.toString();
};

async function admin(statement: string): Promise<void> {
  const u = new URL(DATABASE_URL);
  u.pathname = '/postgres';
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

describe('migrations on an empty database', () => {
  beforeAll(async () => {
    // Empty databases of our own (the names are ours and plain).
    for (const name of names) await admin(`create database "${name}"`);
  });
  afterAll(async () => {
    for (const name of names) await admin(`drop database if exists "${name}" with (force)`);
  });

  it('`support-intake migrate` creates the schema once, then finds it current', async () => {
    const env = { ...process.env, DATABASE_URL: urlOf(names[0] ?? '') };
    const first = await run('npx', ['tsx', 'src/cli.ts', 'migrate'], { env });
    expect(first.stdout).toBe(`applied ${MIGRATION_NAMES.length}: ${MIGRATION_NAMES.join(', ')}\n`);
    const second = await run('npx', ['tsx', 'src/cli.ts', 'migrate'], { env });
    expect(second.stdout).toBe('schema is current\n');
  }, 60_000);

  it('processes starting together migrate once: the advisory lock makes the others wait and skip', async () => {
    const dbs = Array.from({ length: 4 }, () => openDatabase({ url: urlOf(names[1] ?? ''), poolSize: 2 }));
    try {
      const reports = await Promise.all(dbs.map((db) => migrateDatabase(db)));
      expect(reports.map((r) => r.applied.length).sort()).toEqual([0, 0, 0, MIGRATION_NAMES.length]);
      const tables = await dbs[0]
        ?.selectFrom('cases')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirst();
      expect(Number(tables?.n)).toBe(0);
    } finally {
      await Promise.all(dbs.map((db) => db.destroy()));
    }
  });
});
