import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/**
 * The daemon's PostgreSQL pool as shipped (config/default.yaml): the benches measure a daemon as
 * deployed, where tests give each of their many daemons a smaller one.
 */
export function shippedDatabasePoolSize(): number {
  const defaults = parse(readFileSync(new URL('../config/default.yaml', import.meta.url), 'utf8')) as {
    database?: { poolSize?: number };
  };
  const size = defaults.database?.poolSize;
  if (typeof size !== 'number') throw new Error('config/default.yaml: database.poolSize is not a number');
  return size;
}
