import { describe, expect, it } from 'vitest';
import { fetchPlan, withinByteBudget } from '../../../src/mail/mailbox-poller.js';

const MB = 1024 * 1024;

describe('fetching mail sources within a byte budget', () => {
  it('groups small mails up to the budget and fetches a big one alone', () => {
    const sizes = [
      { uid: 1, size: 10 * MB },
      { uid: 2, size: 10 * MB },
      { uid: 3, size: 20 * MB },
      { uid: 4, size: 40 * MB },
      { uid: 5, size: 1 * MB },
    ];
    expect(withinByteBudget(sizes, 32 * MB)).toEqual([[1, 2], [3], [4], [5]]);
  });

  it('never holds more than the budget unless one mail alone exceeds it', () => {
    const sizes = Array.from({ length: 50 }, (_, i) => ({ uid: i + 1, size: 25 * MB }));
    const groups = withinByteBudget(sizes, 32 * MB);
    expect(groups).toHaveLength(50);
    expect(groups.every((g) => g.length === 1)).toBe(true);
  });
});

describe('planning how a batch of mail sources is read', () => {
  it('streams each mail above the threshold alone, in UID order between groups of small ones', () => {
    const sizes = [
      { uid: 1, size: 100 },
      { uid: 2, size: 200 },
      { uid: 3, size: 25 * MB },
      { uid: 4, size: 300 },
      { uid: 5, size: 2 * MB },
      { uid: 6, size: 1 * MB },
    ];
    expect(fetchPlan(sizes, 32 * MB, 1 * MB)).toEqual([
      { fetch: [1, 2] },
      { stream: { uid: 3, size: 25 * MB } },
      { fetch: [4] },
      { stream: { uid: 5, size: 2 * MB } },
      { fetch: [6] },
    ]);
  });

  it('fetches nothing whole above the threshold: fifty 25 MB mails are fifty streams', () => {
    const sizes = Array.from({ length: 50 }, (_, i) => ({ uid: i + 1, size: 25 * MB }));
    const plan = fetchPlan(sizes, 32 * MB, 1 * MB);
    expect(plan).toHaveLength(50);
    expect(plan.every((step) => 'stream' in step)).toBe(true);
  });

  it('keeps grouping small mails within the budget', () => {
    const sizes = Array.from({ length: 10 }, (_, i) => ({ uid: i + 1, size: MB }));
    expect(fetchPlan(sizes, 3 * MB, MB)).toEqual([
      { fetch: [1, 2, 3] },
      { fetch: [4, 5, 6] },
      { fetch: [7, 8, 9] },
      { fetch: [10] },
    ]);
  });
});
