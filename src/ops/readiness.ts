/** One dependency /ready reports on: resolves when it answers, rejects (or times out) when not. */
export interface ReadinessCheck {
  name: string;
  check(): Promise<void>;
}

export interface ReadinessReport {
  ready: boolean;
  /** `ok`, or why the dependency is not usable. */
  checks: Record<string, string>;
}

/**
 * Runs every check at once, each bounded by `timeoutMs`: a dependency that hangs (Redis with
 * an offline queue, a half-open SMTP connection) makes the probe fail fast, never hang.
 */
export async function checkReadiness(
  checks: readonly ReadinessCheck[],
  timeoutMs: number,
): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async ({ name, check }): Promise<[string, string]> => {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([check(), timeout]);
        return [name, 'ok'];
      } catch (err) {
        return [name, err instanceof Error ? err.message : String(err)];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return { ready: results.every(([, state]) => state === 'ok'), checks: Object.fromEntries(results) };
}

/**
 * Remembers a check's last outcome for `ttlMs`, and shares one attempt among concurrent probes,
 * so frequent probes do not each open a connection.
 */
export function cachedCheck(
  check: () => Promise<void>,
  ttlMs: number,
  now: () => number = Date.now,
): () => Promise<void> {
  let last: { at: number; error: unknown } | undefined;
  let inflight: Promise<void> | undefined;
  const refresh = async (): Promise<void> => {
    let error: unknown;
    try {
      await check();
    } catch (err) {
      error = err;
    }
    last = { at: now(), error };
    inflight = undefined;
  };
  return async () => {
    if (last === undefined || now() - last.at >= ttlMs) {
      inflight ??= refresh();
      await inflight;
    }
    if (last?.error !== undefined) throw last.error;
  };
}
