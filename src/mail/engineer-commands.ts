import EmailReplyParser from 'email-reply-parser';

export const CASE_STATUSES_BY_COMMAND = ['waiting', 'in-progress', 'resolved', 'closed'] as const;

export type EngineerCommand =
  | { name: 'status'; status: (typeof CASE_STATUSES_BY_COMMAND)[number] }
  | { name: 'severity'; severity: string }
  | { name: 'escalate' }
  | { name: 'assign'; address: string }
  | { name: 'internal' }
  | { name: 'resolve' };

export interface ParsedEngineerReply {
  /** The answer to relay: quoted history, signature and command lines removed. */
  answer: string;
  commands: EngineerCommand[];
  /** Command lines we did not understand, as written. */
  unknown: string[];
}

const COMMAND_LINE = /^#([a-z-]+)\b\s*(.*)$/i;

function parseCommand(name: string, arg: string): EngineerCommand | undefined {
  switch (name.toLowerCase()) {
    case 'status': {
      const status = CASE_STATUSES_BY_COMMAND.find((s) => s === arg.toLowerCase());
      return status ? { name: 'status', status } : undefined;
    }
    case 'severity':
      return /^[a-z][a-z0-9_-]*$/i.test(arg) ? { name: 'severity', severity: arg.toLowerCase() } : undefined;
    case 'escalate':
      return arg === '' ? { name: 'escalate' } : undefined;
    case 'assign':
      return /^[^@\s]+@[^@\s]+$/.test(arg) ? { name: 'assign', address: arg.toLowerCase() } : undefined;
    case 'internal':
      return arg === '' ? { name: 'internal' } : undefined;
    case 'resolve':
      return arg === '' ? { name: 'resolve' } : undefined;
    default:
      return undefined;
  }
}

/**
 * Splits an engineer's reply into the answer for the customer and the commands for us. Only
 * lines that are a command on their own count; quoted history and signatures are dropped first,
 * so a command quoted from an earlier mail is never applied again.
 */
export function parseEngineerReply(text: string): ParsedEngineerReply {
  const visible = new EmailReplyParser().parseReply(text.replace(/\r\n/g, '\n'));
  const commands: EngineerCommand[] = [];
  const unknown: string[] = [];
  const kept: string[] = [];
  for (const line of visible.split('\n')) {
    const m = COMMAND_LINE.exec(line.trim());
    if (!m?.[1]) {
      kept.push(line);
      continue;
    }
    const command = parseCommand(m[1], (m[2] ?? '').trim());
    if (command) commands.push(command);
    else unknown.push(line.trim());
  }
  const answer = kept
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { answer, commands, unknown };
}

/** Command lines in a customer's mail: never applied, only noticed and logged. */
export function commandLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => COMMAND_LINE.test(l));
}
