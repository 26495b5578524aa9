import type { z } from 'zod';

/** One problem in one configuration file, precise enough for an operator to fix it blind. */
export interface ConfigProblem {
  file: string;
  /** Dotted key path, e.g. `imap.port` or `plans[1].targets[0].calendar`; empty for the whole file. */
  path: string;
  expected: string;
  found: string;
}

/** Thrown for any invalid configuration file; carries every problem found, not just the first. */
export class ConfigError extends Error {
  readonly problems: ConfigProblem[];

  constructor(problems: ConfigProblem[]) {
    super(formatProblems(problems));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export function formatProblems(problems: ConfigProblem[]): string {
  return problems
    .map(
      (p) => `${p.file}: ${p.path === '' ? '(top level)' : p.path}: expected ${p.expected}, found ${p.found}`,
    )
    .join('\n');
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Short description of a value as it was found in the file (never the whole value). */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (key missing)';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string')
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return `${typeof value} ${String(value)}`;
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur: unknown = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[key];
  }
  return cur;
}

/** What the schema wanted, in words; zod's own message minus its "Invalid input:" prefix. */
function expectation(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected;
    case 'invalid_value':
      return `one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return issue.message.replace(/^Invalid (input|option)?:?\s*/i, '').replace(/^expected /, '');
  }
}

/** Turns zod issues into ConfigProblems naming the file, key path, expectation and finding. */
export function problemsFromIssues(
  file: string,
  input: unknown,
  issues: ReadonlyArray<z.core.$ZodIssue>,
): ConfigProblem[] {
  return issues.flatMap((issue): ConfigProblem[] => {
    if (issue.code === 'unrecognized_keys') {
      // One line per unknown key, so a typo is named where it stands.
      return issue.keys.map((key) => ({
        file,
        path: formatPath([...issue.path, key]),
        expected: 'no such key (not a known setting here)',
        found: `unknown key ${JSON.stringify(key)}`,
      }));
    }
    return [
      {
        file,
        path: formatPath(issue.path),
        expected: expectation(issue),
        found: describeValue(valueAt(input, issue.path)),
      },
    ];
  });
}

export function problemsFromZod(file: string, input: unknown, error: z.ZodError): ConfigProblem[] {
  return problemsFromIssues(file, input, error.issues);
}
