import type { CustomerDirectory } from '../directory/customer-directory.js';
import type { Policy } from '../policy/policy-schema.js';
import type { AppConfig } from './app-config-schema.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { loadAppConfig } from './load-app-config.js';
import { loadCustomers } from './load-customers.js';
import { loadPolicies } from './load-policies.js';
import { resolveConfigPath } from './paths.js';

export interface LoadedConfiguration {
  config: AppConfig;
  /** The config files read, in the order they were laid over each other. */
  files: string[];
  policies: Map<string, Policy>;
  directory: CustomerDirectory;
  /** Where the directory was read from; SIGHUP reads it again. */
  customersFile: string;
}

/**
 * Everything the daemon reads at start-up, validated together so an operator sees every
 * problem of every file in one go rather than fixing them one restart at a time.
 */
export function loadEverything(configFile?: string): LoadedConfiguration {
  const problems: ConfigProblem[] = [];
  const collect = <T>(load: () => T): T | undefined => {
    try {
      return load();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  };
  const app = collect(() => loadAppConfig(configFile));
  const policiesDir = resolveConfigPath(app?.config.policiesDir ?? 'config/policies');
  const policies = collect(() => loadPolicies(policiesDir));
  if (app && policies) {
    const lastFile = app.files[app.files.length - 1] ?? '';
    app.config.mailboxes.forEach((mailbox, i) => {
      if (!policies.has(mailbox.policy)) {
        problems.push({
          file: lastFile,
          path: `mailboxes[${i}].policy`,
          expected: `one of ${[...policies.keys()].map((id) => JSON.stringify(id)).join(', ')} (policies in ${policiesDir})`,
          found: JSON.stringify(mailbox.policy),
        });
      }
    });
  }
  const customersFile = resolveConfigPath(app?.config.customersFile ?? 'config/customers.yaml');
  const directory = policies ? collect(() => loadCustomers(customersFile, policies)) : undefined;
  if (problems.length > 0 || !app || !policies || !directory) throw new ConfigError(problems);
  return { config: app.config, files: app.files, policies, directory, customersFile };
}
