import { type Logger, pino } from 'pino';

export type { Logger };

/** Keys that hold secrets wherever they appear (one or two levels down, as pino's paths go). */
export const REDACTED = [
  'accessToken',
  'refreshToken',
  'access_token',
  'refresh_token',
  'clientSecret',
  'client_secret',
  'password',
  'pass',
  'assertion',
  'client_assertion',
  'authorization',
].flatMap((k) => [k, `*.${k}`, `*.*.${k}`]);

/** JSON lines for machines; pretty, coloured lines when a person watches a terminal. */
export function createLogger(level: string, options: { pretty?: boolean; name?: string } = {}): Logger {
  const pretty = options.pretty ?? process.stdout.isTTY === true;
  return pino({
    name: options.name ?? 'support-intake',
    level,
    // Belt and braces: no code path logs a secret, and should one ever try, it reads [redacted].
    redact: { paths: REDACTED, censor: '[redacted]' },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } } }
      : {}),
  });
}
