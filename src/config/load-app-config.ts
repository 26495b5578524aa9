import { type AppConfig, appConfigSchema } from './app-config-schema.js';
import { ConfigError, type ConfigProblem, problemsFromIssues } from './config-error.js';
import { readYamlFile } from './load-yaml-file.js';
import { resolveConfigPath } from './paths.js';

export const DEFAULT_CONFIG_FILE = 'config/default.yaml';

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Lays `over` onto `base` key by key; lists and scalars are replaced whole. */
function overlay(base: unknown, over: unknown): unknown {
  if (!isPlain(base) || !isPlain(over)) return over === undefined ? base : over;
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = overlay(base[key], value);
  return out;
}

function hasPath(root: unknown, path: ReadonlyArray<PropertyKey>): boolean {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object' || !(key in (cur as Plain))) return false;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return true;
}

export interface LoadedAppConfig {
  config: AppConfig;
  files: string[];
}

/**
 * Loads config/default.yaml, lays the deployment file (if any) over it, applies environment
 * overrides, and validates. Each problem names the file its key came from.
 */
export function loadAppConfig(file?: string, env: NodeJS.ProcessEnv = process.env): LoadedAppConfig {
  const defaultFile = resolveConfigPath(DEFAULT_CONFIG_FILE);
  const files = [defaultFile];
  const problems: ConfigProblem[] = [];
  const read = (f: string): unknown => {
    try {
      return readYamlFile(f);
    } catch (err) {
      if (err instanceof ConfigError) problems.push(...err.problems);
      else throw err;
      return undefined;
    }
  };
  const base = read(defaultFile);
  let merged = base;
  let deployment: unknown;
  const deploymentFile = file === undefined ? undefined : resolveConfigPath(file);
  if (deploymentFile !== undefined && deploymentFile !== defaultFile) {
    files.push(deploymentFile);
    deployment = read(deploymentFile) ?? {}; // an empty file changes nothing
    if (deployment !== undefined && deployment !== null && !isPlain(deployment)) {
      problems.push({
        file: deploymentFile,
        path: '',
        expected: 'a mapping of settings',
        found: 'something else',
      });
    }
    merged = overlay(base, deployment);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  if (env.REDIS_URL && isPlain(merged) && isPlain(merged.redis)) {
    merged = { ...merged, redis: { ...merged.redis, url: env.REDIS_URL } };
  }
  if (env.DATABASE_URL && isPlain(merged) && isPlain(merged.database)) {
    merged = { ...merged, database: { ...merged.database, url: env.DATABASE_URL } };
  }
  const result = appConfigSchema.safeParse(merged);
  if (!result.success) {
    const all = result.error.issues.flatMap((issue) => {
      const fromDeployment = deploymentFile !== undefined && hasPath(deployment, issue.path);
      return problemsFromIssues(fromDeployment ? deploymentFile : defaultFile, merged, [issue]);
    });
    throw new ConfigError(all);
  }
  return { config: result.data, files };
}
