import { Worker } from 'node:worker_threads';

export interface HealthProbeResult {
  probes: number;
  /** Answers other than 200, and requests that failed or took over 5 s. */
  failures: number;
  slowestMs: number;
}

// Plain JavaScript for the worker: it needs nothing but fetch.
const PROBE = `
const { parentPort, workerData } = require('node:worker_threads');
let running = true, probes = 0, failures = 0, slowestMs = 0;
parentPort.on('message', () => { running = false; });
(async () => {
  while (running) {
    const started = performance.now();
    try {
      const res = await fetch(workerData.url, { signal: AbortSignal.timeout(5000) });
      if (res.status !== 200) failures++;
      await res.arrayBuffer();
    } catch { failures++; }
    slowestMs = Math.max(slowestMs, performance.now() - started);
    probes++;
    await new Promise((r) => setTimeout(r, workerData.intervalMs));
  }
  parentPort.postMessage({ probes, failures, slowestMs });
})();
`;

/**
 * Asks `url` again and again from a thread of its own, so that what the caller's event loop
 * is busy with (building large mails, parsing replies) does not count as the server's delay.
 */
export function startHealthProbe(url: string, intervalMs = 200): { stop(): Promise<HealthProbeResult> } {
  const worker = new Worker(PROBE, { eval: true, workerData: { url, intervalMs } });
  const done = new Promise<HealthProbeResult>((resolve, reject) => {
    worker.once('message', (r: HealthProbeResult) => resolve(r));
    worker.once('error', reject);
  });
  return {
    async stop() {
      worker.postMessage('stop');
      const result = await done;
      await worker.terminate();
      return result;
    },
  };
}

/** Resolves once `url` answers 200 (a daemon started as a process has come up). */
export async function waitForHealth(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (
    !(await fetch(url).then(
      (r) => r.ok,
      () => false,
    ))
  ) {
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
