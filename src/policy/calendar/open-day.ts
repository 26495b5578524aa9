/** Why a day's open hours differ from its weekly hours; kept for explanations. */
export interface DayException {
  kind: 'holiday' | 'halfDay';
  name: string;
}

/**
 * One local day of a calendar with its open intervals resolved to instants. Intervals are
 * epoch-ms pairs [a0, b0, a1, b1, …], sorted, non-overlapping, non-empty and inside [start, end).
 */
export interface OpenDay {
  index: number;
  /** Local midnight, and the next local midnight (23 h, 24 h or 25 h later around DST). */
  start: number;
  end: number;
  open: readonly number[];
  openMs: number;
  exception?: DayException;
}

/** Sorts and merges epoch-ms pairs (touching pairs merge too) and sums their length. */
export function normaliseIntervals(pairs: number[]): { open: number[]; openMs: number } {
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < pairs.length; i += 2) {
    const a = pairs[i]!;
    const b = pairs[i + 1]!;
    if (b > a) ranges.push([a, b]);
  }
  ranges.sort((x, y) => x[0] - y[0]);
  const open: number[] = [];
  let openMs = 0;
  for (const [a, b] of ranges) {
    const last = open.length - 1;
    if (last > 0 && a <= open[last]!) {
      if (b > open[last]!) {
        openMs += b - open[last]!;
        open[last] = b;
      }
    } else {
      open.push(a, b);
      openMs += b - a;
    }
  }
  return { open, openMs };
}

/** Open time of a day strictly before instant t. */
export function openBefore(open: readonly number[], t: number): number {
  let sum = 0;
  for (let i = 0; i < open.length; i += 2) {
    const a = open[i]!;
    if (a >= t) break;
    const b = open[i + 1]!;
    sum += Math.min(b, t) - a;
  }
  return sum;
}
