import type { Command } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { loadEverything } from '../config/load-everything.js';
import { UnknownIdError } from '../policy/sla.js';
import { dryRunMails, formatDryRunResult } from './dry-run-mails.js';
import { type RawMailFile, readEmlFiles, readMaildir, readMbox } from './mail-files.js';
import { parseInstant, SlaQueryError } from './sla-instant.js';

interface DryRunOptions {
  config?: string;
  policy: string;
  mbox?: string;
  maildir?: string;
  eml?: string[];
  at?: string;
  json?: boolean;
}

/**
 * `support-intake dry-run`: what a policy would do with each mail of an mbox, a Maildir or .eml
 * files — outcome, template, severity, plan, target due times and the reasons — without sending,
 * storing or counting anything. Exit codes: 0 done; 1 invalid configuration; 2 bad arguments.
 */
export function registerDryRunCommand(program: Command): void {
  program
    .command('dry-run')
    .description('show what a policy would do with each mail; nothing is sent, stored or counted')
    .option('-c, --config <file>', 'deployment config laid over config/default.yaml')
    .requiredOption('--policy <id>', 'the policy to try, e.g. netop')
    .option('--mbox <file>', 'read the mails of an mbox file')
    .option('--maildir <dir>', 'read the mails of a Maildir (new/ and cur/)')
    .option('--eml <files...>', 'read one mail per file')
    .option('--at <iso8601>', "decide as of this instant (default: each mail's Date header)")
    .option('--json', 'one JSON line per mail')
    .action(async (opts: DryRunOptions) => {
      let loaded: ReturnType<typeof loadEverything>;
      try {
        loaded = loadEverything(opts.config);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        process.stderr.write(`configuration is invalid\n${err.message}\n`);
        process.exitCode = 1;
        return;
      }
      try {
        const policy = loaded.policies.get(opts.policy);
        if (!policy) throw new UnknownIdError('policy', opts.policy, [...loaded.policies.keys()]);
        const at =
          opts.at === undefined
            ? undefined
            : parseInstant(opts.at, policy.timezone, `--at ${JSON.stringify(opts.at)}`);
        const results = await dryRunMails(loaded, policy, mailsToTry(opts), at);
        const lines = results.map((r) => (opts.json ? JSON.stringify(r) : formatDryRunResult(r)));
        process.stdout.write(lines.length > 0 ? `${lines.join('\n')}\n` : '');
      } catch (err) {
        if (!(err instanceof UnknownIdError || err instanceof SlaQueryError)) throw err;
        process.stderr.write(`${err.message}\n`);
        process.exitCode = 2;
      }
    });
}

function mailsToTry(opts: DryRunOptions): RawMailFile[] {
  const given = [opts.mbox, opts.maildir, opts.eml].filter((o) => o !== undefined).length;
  if (given !== 1) throw new SlaQueryError('give exactly one of --mbox FILE, --maildir DIR, --eml FILE…');
  if (opts.mbox !== undefined) return readMbox(opts.mbox);
  if (opts.maildir !== undefined) return readMaildir(opts.maildir);
  return readEmlFiles(opts.eml ?? []);
}
