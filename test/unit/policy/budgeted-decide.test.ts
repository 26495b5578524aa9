import { describe, expect, it } from 'vitest';
import { decideWithinBudget } from '../../../src/pipeline/budgeted-decide.js';
import { customer, loadPolicy, mail, NOW } from './rules/support.js';

const input = {
  mail: mail('Production down', 'Nothing works since 10:00.'),
  customer: customer(),
  policy: loadPolicy('netop'),
  caseState: { requestsThisMonth: 0 },
  now: NOW,
};

/** A clock that advances `stepMs` at every reading. */
function steppingClock(stepMs: number): () => number {
  let t = 0;
  return () => {
    t += stepMs;
    return t;
  };
}

describe('decide() under a time budget', () => {
  it('returns the decision when it is within the budget', () => {
    const timed = decideWithinBudget(input, 2000, steppingClock(5));
    expect(timed.overBudget).toBe(false);
    expect(timed.tookMs).toBe(5);
    expect(timed.decision.outcome).toBeDefined();
  });

  it('flags a decision that took longer than the budget', () => {
    const timed = decideWithinBudget(input, 2000, steppingClock(2500));
    expect(timed).toMatchObject({ overBudget: true, tookMs: 2500 });
  });
});
