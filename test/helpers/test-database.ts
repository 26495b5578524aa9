import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { migrateDatabase, openDatabase } from '../../src/store/db/database.js';

/** The PostgreSQL the local stack answers at (scripts/stack env). */
export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/support_intake';

const urlFor = (database: string): string => {
  const u = new URL(DATABASE_URL);
  u.pathname = `/${database}`;
  return u.toString();
};

/** Database names we make are [a-z0-9_]; quoting them keeps that a promise, not an assumption. */
const ident = (name: string): string => {
  if (!/^[a-z0-9_]+$/.test(name)) throw new Error(`unexpected database name ${name}`);
  return `"${name}"`;
};

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: urlFor('postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// The template is named after the migrations: a schema change makes a new one, never a stale copy.
const schemaHash = createHash('sha256')
  .update(readFileSync(new URL('../../src/store/db/migrations.ts', import.meta.url)))
  .digest('hex')
  .slice(0, 10);
const TEMPLATE = `si_template_${schemaHash}`;

let templateReady: Promise<void> | undefined;

/**
 * The migrated template, made once per schema version: built under a private name and renamed
 * into place, so test files starting together never see a half-migrated template.
 */
function ensureTemplate(): Promise<void> {
  templateReady ??= (async () => {
    const exists = await admin((c) => c.query('select 1 from pg_database where datname = $1', [TEMPLATE]));
    if (exists.rowCount) return;
    const building = `${TEMPLATE}_b${process.pid}_${Date.now()}`;
    await admin((c) => c.query(`create database ${ident(building)}`));
    const db = openDatabase({ url: urlFor(building), poolSize: 1 });
    try {
      await migrateDatabase(db);
    } finally {
      await db.destroy();
    }
    await admin(async (c) => {
      try {
        await c.query(`alter database ${ident(building)} rename to ${ident(TEMPLATE)}`);
      } catch {
        // Another test file won the race: use its template.
        await c.query(`drop database ${ident(building)}`);
      }
    });
  })();
  return templateReady;
}

/** A fresh, migrated database of one test (a copy of the template); drop it with `drop()`. */
export async function createTestDatabase(
  id: string,
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  await ensureTemplate();
  const name = `si_test_${id.replace(/[^a-z0-9]/g, '')}`;
  for (let attempt = 0; ; attempt++) {
    try {
      await admin((c) => c.query(`create database ${ident(name)} template ${ident(TEMPLATE)}`));
      break;
    } catch (err) {
      // Copies of one template are made one at a time; another file may be copying it right now.
      const busy = err instanceof Error && /being accessed by other users/.test(err.message);
      if (!busy || attempt >= 50) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    name,
    url: urlFor(name),
    drop: () =>
      admin((c) => c.query(`drop database if exists ${ident(name)} with (force)`)).then(() => undefined),
  };
}
