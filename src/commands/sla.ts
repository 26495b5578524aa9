import { resolve } from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../config/config-error.js';
import { loadPolicies } from '../config/load-policies.js';
import { resolveConfigPath } from '../config/paths.js';
import { UnknownIdError } from '../policy/sla.js';
import { answerSlaBatch } from './sla-batch.js';
import { parsePauseOption } from './sla-pauses.js';
import { answerSlaQuery, parseSlaQuery, SlaQueryError } from './sla-query.js';

interface SlaOptions {
  policy?: string;
  plan?: string;
  severity?: string;
  at?: string;
  pause: string[];
  batch?: boolean;
  explain?: boolean;
  config?: string;
}

function policiesDir(option: string | undefined): string {
  return option === undefined ? resolveConfigPath('config/policies') : resolve(process.cwd(), option);
}

const writeStdout = (text: string): void => {
  process.stdout.write(text);
};

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/**
 * `support-intake sla`: due times of a policy/plan/severity for a case started at an instant and
 * waiting on the customer during the `--pause FROM/TO` stretches, as one JSON line:
 * {"policy","plan","severity","at","targets":[{"name","calendar","due"}]}.
 * `--batch` answers JSON lines from stdin; a bad line gets {"error": "..."} and the exit code is 2.
 * Exit codes: 0 answered; 2 unknown policy/plan/severity (stderr lists the valid ids), bad input
 * (instants, pauses), or invalid policy files (stderr lists every problem).
 */
export function registerSlaCommand(program: Command): void {
  program
    .command('sla')
    .description('print the SLA due times for a case started at an instant, as one JSON line')
    .option('--policy <id>', 'policy id, e.g. netop')
    .option('--plan <id>', 'plan id, e.g. standard')
    .option('--severity <id>', 'severity id, e.g. critical')
    .option('--at <iso8601>', 'case start, e.g. 2026-11-24T14:00:00+01:00 (no offset: policy time zone)')
    .option(
      '--pause <from/to>',
      'a stretch of waiting on the customer (resolution clocks stop), e.g. 2026-11-24T10:00:00+01:00/2026-11-25T09:00:00+01:00; repeatable',
      collect,
      [],
    )
    .option(
      '--batch',
      'read JSON lines {"policy","plan","severity","at","pauses"?:[{"from","to"}]} from stdin, answer one per line',
    )
    .option('--explain', 'add "steps": the calendar walk in words, per target')
    .option('--config <dir>', 'policy folder (default: config/policies here, else the installed one)')
    .action(async (opts: SlaOptions) => {
      try {
        const policies = loadPolicies(policiesDir(opts.config));
        const explain = opts.explain === true;
        if (opts.batch) {
          if (!(await answerSlaBatch(policies, process.stdin, writeStdout, explain))) process.exitCode = 2;
          return;
        }
        const query = parseSlaQuery({
          policy: opts.policy,
          plan: opts.plan,
          severity: opts.severity,
          at: opts.at,
          pauses: opts.pause.map(parsePauseOption),
        });
        writeStdout(`${JSON.stringify(answerSlaQuery(policies, query, explain))}\n`);
      } catch (err) {
        if (err instanceof ConfigError) {
          process.stderr.write(`invalid policy configuration:\n${err.message}\n`);
        } else if (err instanceof UnknownIdError || err instanceof SlaQueryError) {
          process.stderr.write(`${err.message}\n`);
        } else {
          throw err;
        }
        process.exitCode = 2;
      }
    });
}
