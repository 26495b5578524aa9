import { performance } from 'node:perf_hooks';
import { decide } from '../policy/decide.js';
import type { DecideInput, Decision } from '../policy/decision-types.js';

export interface TimedDecision {
  decision: Decision;
  tookMs: number;
  /** The decision took longer than the budget: the mail is quarantined rather than answered. */
  overBudget: boolean;
}

/**
 * decide() with its time measured against a budget. The rules read bounded text with linear
 * patterns, so a decision takes milliseconds; a mail that still takes longer than the budget
 * is treated as hostile (quarantined) instead of answered. The call itself is synchronous: the
 * budget is the tripwire, the bounded input is what keeps the event loop free.
 */
export function decideWithinBudget(
  input: DecideInput,
  budgetMs: number,
  clock: () => number = () => performance.now(),
): TimedDecision {
  const started = clock();
  const decision = decide(input);
  const tookMs = Math.round(clock() - started);
  return { decision, tookMs, overBudget: tookMs > budgetMs };
}
