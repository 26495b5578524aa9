import { CustomerDirectory } from '../directory/customer-directory.js';
import { directorySchema } from '../directory/customer-schema.js';
import type { Policy } from '../policy/policy-schema.js';
import { asArray, asRecord } from '../policy/raw-input.js';
import { ConfigError, type ConfigProblem, problemsFromZod } from './config-error.js';
import { readYamlFile } from './load-yaml-file.js';

const quoted = (ids: string[]): string => ids.map((id) => JSON.stringify(id)).join(', ');

/**
 * Each account's policy and plan must exist. Read from the raw file, so these problems are
 * listed together with the schema's rather than only once the schema is satisfied.
 */
function referenceProblems(file: string, raw: unknown, policies: Map<string, Policy>): ConfigProblem[] {
  return asArray(asRecord(raw).accounts).flatMap((item, i): ConfigProblem[] => {
    const account = asRecord(item);
    if (typeof account.policy !== 'string') return [];
    const policy = policies.get(account.policy);
    if (!policy) {
      return [
        {
          file,
          path: `accounts[${i}].policy`,
          expected: `one of ${quoted([...policies.keys()])}`,
          found: JSON.stringify(account.policy),
        },
      ];
    }
    const plans = policy.plans.map((p) => p.id);
    if (typeof account.plan === 'string' && !plans.includes(account.plan)) {
      return [
        {
          file,
          path: `accounts[${i}].plan`,
          expected: `null or one of ${quoted(plans)} (plans of ${policy.id})`,
          found: JSON.stringify(account.plan),
        },
      ];
    }
    return [];
  });
}

/** Loads and validates the customer directory; every problem of the file is reported at once. */
export function loadCustomers(file: string, policies: Map<string, Policy>): CustomerDirectory {
  const raw = readYamlFile(file);
  const parsed = directorySchema.safeParse(raw);
  const problems = [
    ...(parsed.success ? [] : problemsFromZod(file, raw, parsed.error)),
    ...referenceProblems(file, raw, policies),
  ];
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return new CustomerDirectory(parsed.data);
}
