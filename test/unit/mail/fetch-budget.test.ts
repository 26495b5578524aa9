import { describe, expect, it } from 'vitest';
import { withinByteBudget } from '../../../src/mail/mailbox-poller.js';

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
