import type { Command } from 'commander';
import type { Logger } from 'pino';
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
      // Whatever escapes every handler is a bug: log it and end with a non-zero code, so the
      // supervisor restarts a clean process (unfinished jobs are handed back by BullMQ).
      process.on('uncaughtException', (err) => fatal(logger, 'uncaught exception', err));
      process.on('unhandledRejection', (err) => fatal(logger, 'unhandled promise rejection', err));
      let daemon: Awaited<ReturnType<typeof startDaemon>>;
      try {
        daemon = await startDaemon({ ...loaded, roles, logger });
      } catch (err) {
        fatal(logger, 'cannot start', err);
        return;
      }
      let stopping = false;
      const shutdown = (signal: NodeJS.Signals): void => {
        if (stopping) {
          logger.warn({ signal }, 'second signal: exiting now');
          process.exit(1);
        }
        stopping = true;
        logger.info({ signal }, 'shutting down: no new work, finishing jobs in flight');
        // Jobs not finished by then are handed back by BullMQ's stalled-job check; a shutdown
        // stuck on an unreachable Redis or IMAP server must still end before the supervisor's kill.
        setTimeout(() => {
          logger.error({ afterMs: SHUTDOWN_DEADLINE_MS }, 'shutdown deadline passed: exiting now');
          process.exit(1);
        }, SHUTDOWN_DEADLINE_MS).unref();
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

/** Under the usual 10 s between SIGTERM and SIGKILL (Docker, Kubernetes, systemd's default is 90 s). */
const SHUTDOWN_DEADLINE_MS = 8000;

function fatal(logger: Logger, what: string, err: unknown): void {
  logger.fatal(
    { err: err instanceof Error ? { message: err.message, stack: err.stack } : String(err) },
    what,
  );
  process.exit(1);
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
