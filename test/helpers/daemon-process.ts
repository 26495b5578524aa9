import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { STACK } from './local-stack.js';

/** The V8 flags the daemon runs with in production (config/node-flags, docs/operations.md). */
export const DAEMON_NODE_FLAGS: string[] = readFileSync(
  new URL('../../config/node-flags', import.meta.url),
  'utf8',
)
  .trim()
  .split(/\s+/);

/**
 * How the daemon is started: from the TypeScript sources through tsx (tests: no build step), or
 * the build in dist/ as scripts/start-local and the Docker image run it (benches: tsx's loader
 * runs in a thread of its own and adds memory and start-up work the shipped daemon has not).
 */
export type DaemonEntry = 'source' | 'built';

const ENTRY_ARGS: Record<DaemonEntry, string[]> = {
  source: ['--import', 'tsx', 'src/cli.ts'],
  built: ['dist/cli.js'],
};

/**
 * The daemon as its own process (`support-intake run`, by default poller and workers), output
 * piped; with the V8 flags of scripts/start-local and the Docker image.
 */
export function spawnDaemon(
  configFile: string,
  env: NodeJS.ProcessEnv = {},
  roles = 'poller,worker',
  entry: DaemonEntry = 'source',
): ChildProcess {
  return spawn(
    process.execPath,
    [
      ...DAEMON_NODE_FLAGS,
      ...profiling(),
      ...ENTRY_ARGS[entry],
      'run',
      '--config',
      configFile,
      '--role',
      roles,
    ],
    {
      env: { ...process.env, IMAP_PASSWORD: STACK.password, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

/** DAEMON_CPU_PROF_DIR=DIR: the daemon writes a V8 CPU profile there when it exits (benches). */
function profiling(): string[] {
  const dir = process.env.DAEMON_CPU_PROF_DIR;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : [];
}

/** The daemon as its own process, logging to `logFile`: for kills and RSS. */
export function startDaemonProcess(
  configFile: string,
  logFile: string,
  env: NodeJS.ProcessEnv = {},
  entry: DaemonEntry = 'source',
  roles = 'poller,worker',
): ChildProcess {
  const child = spawnDaemon(configFile, env, roles, entry);
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

/** Peak resident memory of a live process in MiB (VmHWM), or 0 once it is gone. */
export function peakRssMiB(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}
