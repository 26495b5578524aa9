#!/usr/bin/env node
import { Command } from 'commander';
import { registerCaseCommands } from './commands/cases.js';
import { registerCheckConfigCommand } from './commands/check-config.js';
import { registerDryRunCommand } from './commands/dry-run.js';
import { registerMailboxesCommand } from './commands/mailboxes.js';
import { registerMigrateCommand } from './commands/migrate.js';
import { registerReplayCommand } from './commands/replay.js';
import { registerReportCommand } from './commands/report.js';
import { registerRunCommand } from './commands/run.js';
import { registerSlaCommand } from './commands/sla.js';

const program = new Command()
  .name('support-intake')
  .description('Email-driven support intake: IMAP mail to cases with policy-exact SLA promises');

registerRunCommand(program);
registerCheckConfigCommand(program);
registerSlaCommand(program);
registerDryRunCommand(program);
registerMailboxesCommand(program);
registerMigrateCommand(program);
registerReportCommand(program);
registerCaseCommands(program);
registerReplayCommand(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});
