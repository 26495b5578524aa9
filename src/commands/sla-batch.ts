import { createInterface } from 'node:readline';
import type { Policy } from '../policy/policy-schema.js';
import { UnknownIdError } from '../policy/sla.js';
import { answerSlaQuery, parseSlaQuery, SlaQueryError } from './sla-query.js';

/** Answers are written in batches: one write per line would dominate the run time of big inputs. */
const LINES_PER_WRITE = 1000;

/**
 * Batch mode: one JSON query per input line, one answer per output line in the same order. A line
 * that cannot be answered (bad JSON, missing field, unknown id, bad instant) yields
 * {"error": "..."} in its place and processing goes on. Blank lines are skipped.
 * Returns false when at least one line could not be answered.
 */
export async function answerSlaBatch(
  policies: ReadonlyMap<string, Policy>,
  input: NodeJS.ReadableStream,
  write: (text: string) => void,
  explain: boolean,
): Promise<boolean> {
  let allAnswered = true;
  let pending: string[] = [];
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    try {
      pending.push(JSON.stringify(answerSlaQuery(policies, parseSlaQuery(JSON.parse(line)), explain)));
    } catch (err) {
      if (!(err instanceof UnknownIdError || err instanceof SlaQueryError || err instanceof SyntaxError))
        throw err;
      allAnswered = false;
      pending.push(JSON.stringify({ error: err.message }));
    }
    if (pending.length >= LINES_PER_WRITE) {
      write(`${pending.join('\n')}\n`);
      pending = [];
    }
  }
  if (pending.length > 0) write(`${pending.join('\n')}\n`);
  return allAnswered;
}
