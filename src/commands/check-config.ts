import type { Command } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { loadEverything } from '../config/load-everything.js';

/** `support-intake check-config`: validates every file the daemon would read, reports all problems. */
export function registerCheckConfigCommand(program: Command): void {
  program
    .command('check-config')
    .description('validate the configuration, policies and customer directory; list every problem')
    .option('-c, --config <file>', 'deployment config laid over config/default.yaml')
    .action((opts: { config?: string }) => {
      try {
        const loaded = loadEverything(opts.config);
        process.stdout.write(
          `configuration is valid: ${loaded.files.join(', ')}; policies: ${[...loaded.policies.keys()].join(', ')}; customers: ${loaded.customersFile}\n`,
        );
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        process.stderr.write(
          `configuration is invalid (${err.problems.length} problem(s)):\n${err.message}\n`,
        );
        process.exitCode = 1;
      }
    });
}
