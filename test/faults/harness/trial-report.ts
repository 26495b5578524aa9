import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { STACK } from '../../helpers/local-stack.js';
import type { MailOutcomes, SlaJobCheck } from './outcomes.js';

export interface TrialResult {
  trial: string;
  date: string;
  machine: string;
  faults: string;
  faultCount: number;
  mailsSent: number;
  lost: number;
  duplicated: number;
  crashed: number;
  peakRssMiB: number;
  /** From the end of the (last) fault until every mail had its answer. */
  recoverSeconds: number;
  /** From the first submission until every mail had its answer. */
  totalSeconds: number;
  submissionRetries: number;
  /** Mails submitted and answered when each fault struck. */
  atFaults: { submitted: number; answered: number }[];
  /** Deliveries Dovecot dropped as same-Message-ID duplicates (resends nobody saw twice). */
  droppedAsDuplicates: { answersToCustomer: number; customerMailToSupport: number; engineerNotices: number };
  outcomes: Omit<MailOutcomes, 'caseTags'>;
  sla: SlaJobCheck;
}

/** Where the trials write their results: FAULT_RESULTS, else fault-results.json in the stack dir. */
export const RESULTS_FILE = process.env.FAULT_RESULTS ?? join(STACK.dir, 'fault-results.json');

/** Records one trial's figures, replacing an earlier run of the same trial. */
export function recordTrial(result: Omit<TrialResult, 'date' | 'machine'>): TrialResult {
  const full: TrialResult = {
    ...result,
    date: new Date().toISOString(),
    machine: `${cpus().length} cores, ${cpus()[0]?.model ?? 'unknown cpu'}, Node ${process.version}`,
  };
  const all: Record<string, TrialResult> = existsSync(RESULTS_FILE)
    ? (JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) as Record<string, TrialResult>)
    : {};
  all[result.trial] = full;
  writeFileSync(RESULTS_FILE, `${JSON.stringify(all, null, 2)}\n`);
  return full;
}
