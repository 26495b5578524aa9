import type { Command } from 'commander';
import { Redis } from 'ioredis';
import { ConfigError } from '../config/config-error.js';
import { loadAppConfig } from '../config/load-app-config.js';
import { type MailboxHealthRecord, MailboxHealthTracker } from '../ops/mailbox-health.js';
import { RedisKeys } from '../store/keys.js';

/** `support-intake mailboxes [--json]`: the health the running daemon publishes, one row a mailbox. */
export function registerMailboxesCommand(program: Command): void {
  program
    .command('mailboxes')
    .description('show each mailbox: connected, last fetch, sign-in failures, last error')
    .option('-c, --config <file>', 'deployment config laid over config/default.yaml')
    .option('--json', 'print JSON instead of a table')
    .action(async (opts: { config?: string; json?: boolean }) => {
      let config: ReturnType<typeof loadAppConfig>['config'];
      try {
        config = loadAppConfig(opts.config).config;
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        process.stderr.write(`configuration is invalid\n${err.message}\n`);
        process.exitCode = 1;
        return;
      }
      const redis = new Redis(config.redis.url, {
        maxRetriesPerRequest: 1,
        connectionName: `${config.instance}:cli`,
      });
      try {
        const published = await MailboxHealthTracker.readAll(redis, new RedisKeys(config.redis.prefix));
        const rows = config.mailboxes.map(
          (m) => published.find((p) => p.mailbox === m.address) ?? unknownRow(m.address),
        );
        process.stdout.write(opts.json ? `${JSON.stringify(rows, null, 2)}\n` : formatTable(rows));
        if (rows.some((r) => r.downSince)) process.exitCode = 3;
      } finally {
        redis.disconnect();
      }
    });
}

function unknownRow(mailbox: string): MailboxHealthRecord {
  return {
    mailbox,
    connected: false,
    lastFetchAt: null,
    signInFailures: 0,
    lastError: 'no report yet: is a poller running?',
    lastErrorAt: null,
    downSince: null,
    alerted: false,
    updatedAt: '',
  };
}

export function formatTable(rows: MailboxHealthRecord[]): string {
  const header = ['MAILBOX', 'CONNECTED', 'LAST FETCH', 'SIGN-IN FAILURES', 'DOWN SINCE', 'LAST ERROR'];
  const lines = rows.map((r) => [
    r.mailbox,
    r.connected ? 'yes' : 'no',
    r.lastFetchAt ?? '-',
    String(r.signInFailures),
    r.downSince ?? '-',
    r.lastError ?? '-',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  return `${[header, ...lines].map((l) => l.map((c, i) => (i === l.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')).join('\n')}\n`;
}
