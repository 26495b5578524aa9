import EmailReplyParser from 'email-reply-parser';
import { replyTopBlock } from './reply-top-block.js';

export const CASE_STATUSES_BY_COMMAND = ['waiting', 'in-progress', 'resolved', 'closed'] as const;

export type EngineerCommand =
  | { name: 'status'; status: (typeof CASE_STATUSES_BY_COMMAND)[number] }
  | { name: 'severity'; severity: string }
  | { name: 'escalate' }
  | { name: 'assign'; address: string }
  | { name: 'internal' }
  | { name: 'resolve' }
  /** Send me the customer's attachments on this case (never relayed to the customer). */
  | { name: 'attachments' };

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
    case 'attachments':
      return arg === '' ? { name: 'attachments' } : undefined;
    default:
      return undefined;
  }
}

/**
 * Splits an engineer's reply into the answer for the customer and the commands for us. Only the
 * engineer's own top block counts (everything above the first quote header, whatever the mail
 * client): the new-case notice they answer lists the commands, and a client that quotes without
 * `>` must not hand those back to us. Only lines that are a command on their own count.
 * email-reply-parser then drops the signature from the answer; it is not trusted to find the
 * quoted part, which it misses in Outlook's layouts.
 */
export function parseEngineerReply(text: string): ParsedEngineerReply {
  const top = replyTopBlock(text);
  const commands: EngineerCommand[] = [];
  const unknown: string[] = [];
  for (const line of top.split('\n')) {
    const m = COMMAND_LINE.exec(line.trim());
    if (!m?.[1]) continue;
    const command = parseCommand(m[1], (m[2] ?? '').trim());
    if (command) commands.push(command);
    else unknown.push(line.trim());
  }
  const visible = new EmailReplyParser().parseReply(top);
  const answer = visible
    .split('\n')
    .filter((line) => !COMMAND_LINE.test(line.trim()))
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

/**
 * Makes sure no line of an outgoing mail reads as a command if it comes back quoted: a word
 * joiner (U+2060, invisible, not whitespace, so `trim()` keeps it) goes before a `#` that
 * starts a line. Customer and engineer text is rendered into mails the engineers answer.
 */
export function neutralizeCommandLines(text: string): string {
  return text.replace(/^([^\S\n]*)#(?=[a-z-])/gim, '$1\u2060#');
}
