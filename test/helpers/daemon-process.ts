import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { STACK } from './local-stack.js';

/** The daemon as its own process (`support-intake run`), logging to `logFile`: for kills and RSS. */
export function startDaemonProcess(
  configFile: string,
  logFile: string,
  env: NodeJS.ProcessEnv = {},
): ChildProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/cli.ts', 'run', '--config', configFile, '--role', 'poller,worker'],
    {
      env: { ...process.env, IMAP_PASSWORD: STACK.password, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}
