import { CustomerDirectory } from '../directory/customer-directory.js';
import { directorySchema } from '../directory/customer-schema.js';
import type { Policy } from '../policy/policy-schema.js';
import { ConfigError } from './config-error.js';
import { readYamlFile, validateConfig } from './load-yaml-file.js';

/** Loads and validates the customer directory, checking each account's policy and plan exist. */
export function loadCustomers(file: string, policies: Map<string, Policy>): CustomerDirectory {
  const data = readYamlFile(file);
  const directory = validateConfig(file, data, directorySchema);
  const problems = directory.accounts.flatMap((account, i) => {
    const policy = policies.get(account.policy);
    if (!policy) {
      return [
        {
          file,
          path: `accounts[${i}].policy`,
          expected: `one of ${[...policies.keys()].map((p) => JSON.stringify(p)).join(', ')}`,
          found: JSON.stringify(account.policy),
        },
      ];
    }
    const plans = policy.plans.map((p) => p.id);
    if (account.plan !== null && !plans.includes(account.plan)) {
      return [
        {
          file,
          path: `accounts[${i}].plan`,
          expected: `null or one of ${plans.map((p) => JSON.stringify(p)).join(', ')} (plans of ${policy.id})`,
          found: JSON.stringify(account.plan),
        },
      ];
    }
    return [];
  });
  if (problems.length > 0) throw new ConfigError(problems);
  return new CustomerDirectory(directory);
}
