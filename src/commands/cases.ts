import type { Command } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { type LoadedConfiguration, loadEverything } from '../config/load-everything.js';
import { quotaMonth } from '../policy/rules/quota.js';
import { type CaseFilter, caseParts, listCases } from '../store/case-queries.js';
import type { CaseStatus } from '../store/case-store.js';
import { type Db, openDatabase } from '../store/db/database.js';
import { PgCaseStore } from '../store/pg-case-store.js';
import { PgQuotaStore } from '../store/pg-quota-store.js';
import { formatCaseList, formatCaseShow, formatQuota } from './case-format.js';

const STATUSES: CaseStatus[] = ['new', 'acknowledged', 'in-progress', 'waiting', 'resolved', 'closed'];

/** Loads the configuration (as `run` does) and opens the database for one command. */
async function withStore<T>(
  configFile: string | undefined,
  work: (loaded: LoadedConfiguration, db: Db) => Promise<T>,
) {
  let loaded: LoadedConfiguration;
  try {
    loaded = loadEverything(configFile);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 2;
    return;
  }
  const db = openDatabase({ url: loaded.config.database.url, poolSize: 2 });
  try {
    await work(loaded, db);
  } finally {
    await db.destroy();
  }
}

function refuse(message: string): void {
  process.stderr.write(`${message}\n`);
  process.exitCode = 2;
}

/** `cases list`, `case show` and `quota show`: what operators ask of the store, as tables or JSON. */
export function registerCaseCommands(program: Command): void {
  program
    .command('cases')
    .description('cases in the store')
    .command('list')
    .description('cases, next due first')
    .option('--status <status>', STATUSES.join('|'))
    .option('--policy <id>', 'only this policy')
    .option('--customer <address>', "only this customer's cases")
    .option('--breached', 'only cases with a breached target')
    .option('--due-before <iso>', 'only open cases whose next target is due before this instant')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'one JSON object per line')
    .option('-c, --config <file>', 'deployment config laid over config/default.yaml')
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const status = opts.status as string | undefined;
      if (status && !(STATUSES as string[]).includes(status))
        return refuse(`--status: ${JSON.stringify(status)} is not one of ${STATUSES.join(', ')}`);
      const dueBefore = typeof opts.dueBefore === 'string' ? new Date(opts.dueBefore) : undefined;
      if (dueBefore && Number.isNaN(dueBefore.getTime()))
        return refuse(`--due-before: ${JSON.stringify(opts.dueBefore)} is not an ISO instant`);
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) return refuse(`--limit: expected a positive integer`);
      const filter: CaseFilter = {
        status: status as CaseStatus | undefined,
        policy: opts.policy as string | undefined,
        customer: opts.customer as string | undefined,
        breached: opts.breached === true,
        dueBefore,
        limit,
      };
      await withStore(opts.config as string | undefined, async (_loaded, db) => {
        const rows = await listCases(db, filter);
        process.stdout.write(
          opts.json ? rows.map((r) => `${JSON.stringify(r)}\n`).join('') : formatCaseList(rows, new Date()),
        );
      });
    });

  program
    .command('case')
    .description('one case')
    .command('show <id>')
    .description('the case, its targets (due, met, breached), pauses, history and messages')
    .option('--json', 'as JSON')
    .option('-c, --config <file>', 'deployment config laid over config/default.yaml')
    .action(async (id: string, opts: { json?: boolean; config?: string }) => {
      await withStore(opts.config, async (_loaded, db) => {
        const store = new PgCaseStore(db);
        const record = await store.get(id);
        if (!record) return refuse(`no case ${id}`);
        const [history, parts] = await Promise.all([store.history(id), caseParts(db, id)]);
        const shown = { case: record, ...parts, history };
        process.stdout.write(opts.json ? `${JSON.stringify(shown, null, 2)}\n` : formatCaseShow(shown));
      });
    });

  program
    .command('quota')
    .description('monthly request quotas')
    .command('show')
    .description("an account's requests counted in a quota month")
    .requiredOption('--policy <id>', 'the policy')
    .requiredOption('--account <id>', 'the account id (config/customers.yaml)')
    .option('--month <yyyy-mm>', "the quota month (default: this month in the policy's time zone)")
    .option('--json', 'as JSON')
    .option('-c, --config <file>', 'deployment config laid over config/default.yaml')
    .action(
      async (opts: { policy: string; account: string; month?: string; json?: boolean; config?: string }) => {
        if (opts.month && !/^\d{4}-(0[1-9]|1[0-2])$/.test(opts.month))
          return refuse(`--month: ${JSON.stringify(opts.month)} is not YYYY-MM`);
        await withStore(opts.config, async (loaded, db) => {
          const policy = loaded.policies.get(opts.policy);
          if (!policy)
            return refuse(
              `--policy: no policy ${opts.policy} (known: ${[...loaded.policies.keys()].join(', ')})`,
            );
          const account = loaded.directory.accountById(opts.account);
          if (!account) return refuse(`--account: no account ${opts.account} in ${loaded.customersFile}`);
          const month = opts.month ?? quotaMonth(new Date(), policy.timezone).monthKey;
          const used = await new PgQuotaStore(db, () => new Date()).count(policy.id, account.id, month);
          const shown = {
            policy: policy.id,
            account: account.id,
            name: account.name,
            month,
            used,
            limit: account.monthlyQuota ?? null,
          };
          process.stdout.write(opts.json ? `${JSON.stringify(shown)}\n` : formatQuota(shown));
        });
      },
    );
}
