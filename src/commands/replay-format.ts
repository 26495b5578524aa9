import type { ReplayReport, ReplayStatus } from '../ops/replay-mail.js';

const HEADLINE: Record<ReplayStatus, string> = {
  done: 'replayed',
  refused: 'NOT replayed',
  quarantined: 'replayed, and quarantined again',
  failed: 'replay FAILED',
  pending: 'replay enqueued, outcome NOT known yet',
};

/** Exit status: 0 handled, 1 not handled (refused, quarantined, failed), 3 no outcome in time. */
export function replayExitCode(status: ReplayStatus): number {
  if (status === 'done') return 0;
  return status === 'pending' ? 3 : 1;
}

/** The human form of a replay's report: a headline and one line per known fact. */
export function formatReplay(r: ReplayReport): string {
  const where = `${r.mailbox} ${r.folder} UID ${r.uid}${r.uidValidity ? ` (UIDVALIDITY ${r.uidValidity})` : ''}`;
  const rows: [string, string | undefined][] = [
    ['message-id', r.messageId],
    [
      'sender',
      r.sender &&
        `${r.sender}${r.senderAuthenticated === undefined ? '' : r.senderAuthenticated ? ' (authenticated)' : ' (NOT authenticated)'}`,
    ],
    ['job', r.jobId],
    ['result', r.result],
    ['case', r.caseId],
    ['mail is in', r.nowIn],
    ['force', r.force ? 'yes: fresh answer identity, reply budgets not applied' : undefined],
  ];
  const lines = rows.filter((row): row is [string, string] => row[1] !== undefined && row[1] !== '');
  return [
    `${HEADLINE[r.status]}: ${where}`,
    `  ${r.message}`,
    ...lines.map(([k, v]) => `  ${k.padEnd(11)} ${v}`),
    '',
  ].join('\n');
}
