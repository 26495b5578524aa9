import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { type Policy, policySchema } from '../policy/policy-schema.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { loadYamlFile } from './load-yaml-file.js';

function policyFilesIn(dir: string): string[] {
  try {
    return (
      readdirSync(dir)
        // `_template.yaml` and other `_` files are examples to copy, never live policies.
        .filter((name) => name.endsWith('.yaml') && !name.startsWith('_'))
        .sort()
        .map((name) => join(dir, name))
    );
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ConfigError([
      { file: dir, path: '', expected: 'a readable folder of policy *.yaml files', found: reason },
    ]);
  }
}

/**
 * Reads every `*.yaml` policy in `dir`, keyed by id. Problems of all files are collected into one
 * ConfigError, so an operator fixes them in one pass. A file must be named after its id
 * (`netop.yaml` holds `id: netop`), and case prefixes must differ so a case tag names one policy.
 */
export function loadPolicies(dir = 'config/policies'): Map<string, Policy> {
  const files = policyFilesIn(dir);
  const problems: ConfigProblem[] = [];
  const policies = new Map<string, Policy>();
  const prefixOwners = new Map<string, string>();

  if (files.length === 0) {
    problems.push({ file: dir, path: '', expected: 'at least one policy *.yaml file', found: 'none' });
  }
  for (const file of files) {
    let policy: Policy;
    try {
      policy = loadYamlFile(file, policySchema);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
      continue;
    }
    const expectedId = basename(file, '.yaml');
    if (policy.id !== expectedId) {
      problems.push({
        file,
        path: 'id',
        expected: `${JSON.stringify(expectedId)} (the file name)`,
        found: JSON.stringify(policy.id),
      });
      continue;
    }
    const prefixOwner = prefixOwners.get(policy.casePrefix);
    if (prefixOwner !== undefined) {
      problems.push({
        file,
        path: 'casePrefix',
        expected: `a prefix no other policy uses (policy ${JSON.stringify(prefixOwner)} has it)`,
        found: JSON.stringify(policy.casePrefix),
      });
    }
    prefixOwners.set(policy.casePrefix, policy.id);
    policies.set(policy.id, policy);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return policies;
}
