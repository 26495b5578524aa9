import type { Command } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { loadEverything } from '../config/load-everything.js';
import { createLogger } from '../log/logger.js';
import { ROLES, type Role, startDaemon } from '../main.js';

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('run the daemon')
    .option('-c, --config <file>', 'deployment config laid over config/default.yaml')
    .option('-r, --role <role>', `one of ${ROLES.join(', ')}, or all`, 'all')
    .action(async (opts: { config?: string; role: string }) => {
      const roles = parseRoles(opts.role);
      let loaded: ReturnType<typeof loadEverything>;
      try {
        loaded = loadEverything(opts.config);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        process.stderr.write(`cannot start: configuration is invalid\n${err.message}\n`);
        process.exitCode = 1;
        return;
      }
      const logger = createLogger(loaded.config.log.level);
      const daemon = await startDaemon({ ...loaded, roles, logger });
      let stopping = false;
      const shutdown = (signal: NodeJS.Signals): void => {
        if (stopping) {
          logger.warn({ signal }, 'second signal: exiting now');
          process.exit(1);
        }
        stopping = true;
        logger.info({ signal }, 'shutting down: no new work, finishing jobs in flight');
        daemon
          .stop()
          .then(() => {
            logger.info('stopped cleanly');
            process.exit(0);
          })
          .catch((err: unknown) => {
            logger.error({ err }, 'unclean shutdown');
            process.exit(1);
          });
      };
      process.on('SIGTERM', shutdown);
      process.on('SIGINT', shutdown);
      process.on('SIGHUP', () => daemon.reload());
    });
}

function parseRoles(value: string): Role[] {
  if (value === 'all') return [...ROLES];
  const roles = value.split(',').map((r) => r.trim());
  for (const r of roles) {
    if (!(ROLES as readonly string[]).includes(r)) {
      throw new Error(`unknown role "${r}": expected one of ${ROLES.join(', ')}, or all`);
    }
  }
  return roles as Role[];
}
