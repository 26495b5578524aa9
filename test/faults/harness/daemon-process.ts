import type { ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { peakRssMiB, spawnDaemon } from '../../helpers/daemon-process.js';

/**
 * The daemon (poller and workers) as a child process, kept running the way a supervisor
 * (systemd `Restart=always`) would: an exit nobody asked for is counted as a crash and the
 * daemon is started again a second later. Its peak RSS is sampled while it lives.
 */
export class SupervisedDaemon {
  private child: ChildProcess | undefined;
  private readonly log: WriteStream;
  private sampler: NodeJS.Timeout | undefined;
  private expectingExit = false;
  private stopped = false;
  crashes = 0;
  kills = 0;
  starts = 0;
  peakRssMiB = 0;
  /** The roles the next start() runs (`--role`). */
  roles = 'poller,worker';

  constructor(
    private readonly configFile: string,
    logFile: string,
    private readonly env: Record<string, string> = {},
  ) {
    this.log = createWriteStream(logFile, { flags: 'a' });
  }

  start(): void {
    this.expectingExit = false;
    const child = spawnDaemon(this.configFile, this.env, this.roles);
    this.starts += 1;
    child.stdout?.pipe(this.log, { end: false });
    child.stderr?.pipe(this.log, { end: false });
    child.on('exit', (code, signal) => {
      this.sample(child);
      if (this.child === child) this.child = undefined;
      if (this.expectingExit || this.stopped) return;
      this.crashes += 1;
      this.log.write(
        `\n[fault trial] daemon exited on its own (code ${code}, signal ${signal}); restarting\n`,
      );
      setTimeout(() => {
        if (!this.stopped && !this.child) this.start();
      }, 1000);
    });
    this.child = child;
    clearInterval(this.sampler);
    this.sampler = setInterval(() => this.sample(child), 250);
  }

  private sample(child: ChildProcess): void {
    if (child.pid !== undefined) this.peakRssMiB = Math.max(this.peakRssMiB, peakRssMiB(child.pid));
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** SIGKILL now, as the OOM killer or a power cut would; no chance to finish anything. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.sample(child);
    this.expectingExit = true;
    this.kills += 1;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }

  /** Stopped (SIGKILL, not counted as a fault) and started again with other roles. */
  async restartAs(roles: string): Promise<void> {
    const child = this.child;
    if (child) {
      this.expectingExit = true;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    this.roles = roles;
    this.start();
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.sampler);
    const child = this.child;
    if (child) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    }
    this.log.end();
  }
}
