import type { CustomerDirectory } from '../directory/customer-directory.js';
import type { Policy } from '../policy/policy-schema.js';
import { asArray, asRecord } from '../policy/raw-input.js';
import type { AppConfig } from './app-config-schema.js';
import { ConfigError, type ConfigProblem } from './config-error.js';
import { DEFAULT_CONFIG_FILE, loadAppConfig } from './load-app-config.js';
import { loadCustomers } from './load-customers.js';
import { loadPolicies } from './load-policies.js';
import { readYamlFile } from './load-yaml-file.js';
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
  if (policies) problems.push(...mailboxPolicyProblems(configFile, policies, policiesDir));
  const customersFile = resolveConfigPath(app?.config.customersFile ?? 'config/customers.yaml');
  const directory = policies ? collect(() => loadCustomers(customersFile, policies)) : undefined;
  if (problems.length > 0 || !app || !policies || !directory) throw new ConfigError(problems);
  return { config: app.config, files: app.files, policies, directory, customersFile };
}

/**
 * Each mailbox must name a known policy. Read from the raw files (the deployment file's list
 * replaces the default's), so this is reported even when other settings are broken too.
 */
function mailboxPolicyProblems(
  configFile: string | undefined,
  policies: Map<string, Policy>,
  policiesDir: string,
): ConfigProblem[] {
  const files = [
    resolveConfigPath(DEFAULT_CONFIG_FILE),
    ...(configFile ? [resolveConfigPath(configFile)] : []),
  ];
  let source = files[0] ?? '';
  let mailboxes: unknown[] = [];
  for (const file of files) {
    let raw: unknown;
    try {
      raw = readYamlFile(file);
    } catch {
      continue; // an unreadable file is already reported by loadAppConfig
    }
    if ('mailboxes' in asRecord(raw)) {
      source = file;
      mailboxes = asArray(asRecord(raw).mailboxes);
    }
  }
  return mailboxes.flatMap((item, i): ConfigProblem[] => {
    const policy = asRecord(item).policy;
    if (typeof policy !== 'string' || policies.has(policy)) return [];
    return [
      {
        file: source,
        path: `mailboxes[${i}].policy`,
        expected: `one of ${[...policies.keys()].map((id) => JSON.stringify(id)).join(', ')} (policies in ${policiesDir})`,
        found: JSON.stringify(policy),
      },
    ];
  });
}
