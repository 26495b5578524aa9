import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Stops one service of this checkout's stack (its ports come from the environment). */
export async function pauseService(name: 'postfix' | 'dovecot'): Promise<void> {
  await run('bash', ['scripts/stack', 'pause-service', name]);
}

export async function resumeService(name: 'postfix' | 'dovecot'): Promise<void> {
  await run('bash', ['scripts/stack', 'resume-service', name]);
}
