import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { ConfigError, type ConfigProblem, problemsFromZod } from './config-error.js';

/** Reads a YAML file and returns its plain data, or throws ConfigError naming file and line. */
export function readYamlFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ConfigError([{ file, path: '', expected: 'a readable YAML file', found: reason }]);
  }
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems: ConfigProblem[] = doc.errors.map((e) => ({
      file,
      path: e.linePos?.[0] ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '',
      expected: 'valid YAML',
      found: e.message.split('\n')[0] ?? e.message,
    }));
    throw new ConfigError(problems);
  }
  return doc.toJS() as unknown;
}

/** Validates already-parsed data against a schema; every problem is reported at once. */
export function validateConfig<S extends z.ZodType>(file: string, data: unknown, schema: S): z.output<S> {
  const result = schema.safeParse(data);
  if (!result.success) throw new ConfigError(problemsFromZod(file, data, result.error));
  return result.data;
}

export function loadYamlFile<S extends z.ZodType>(file: string, schema: S): z.output<S> {
  return validateConfig(file, readYamlFile(file), schema);
}
