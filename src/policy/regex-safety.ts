// Operators write a few regular expressions in policy files (licence-key shapes). JavaScript's
// engine backtracks, so a pattern such as `(\w+)+$` takes exponential time on a crafted mail.
// Patterns are checked when the policy loads: the shapes that make backtracking super-linear —
// a repeated group that itself repeats without bound, and backreferences — are refused.

/** Why `source` could backtrack super-linearly, or null when it has none of the known shapes. */
export function superLinearRisk(source: string): string | null {
  if (/\\[1-9]|\\k</.test(source)) return 'backreferences are not allowed';
  // Stack of open groups: does the group (so far) contain an unbounded quantifier?
  const groups: boolean[] = [];
  let unboundedInside = false;
  let inClass = false;
  for (let i = 0; i < source.length; i += 1) {
    const char = source[i];
    if (char === '\\') {
      i += 1;
      continue;
    }
    if (inClass) {
      if (char === ']') inClass = false;
      continue;
    }
    if (char === '[') {
      inClass = true;
      continue;
    }
    if (char === '(') {
      groups.push(unboundedInside);
      unboundedInside = false;
      continue;
    }
    const quantifier = quantifierAt(source, i);
    if (char === ')') {
      const closed = unboundedInside;
      unboundedInside = groups.pop() ?? false;
      const after = quantifierAt(source, i + 1);
      if (closed && after?.repeats) {
        return `the group ending at character ${i + 1} repeats and contains an unbounded repetition (nested quantifiers)`;
      }
      if (closed || after?.unbounded === true) unboundedInside = true;
      if (after !== null) i += after.length;
      continue;
    }
    if (quantifier !== null) {
      if (quantifier.unbounded) unboundedInside = true;
      i += quantifier.length - 1;
    }
  }
  return null;
}

interface Quantifier {
  length: number;
  /** `*`, `+`, `{n,}`. */
  unbounded: boolean;
  /** Can match its operand more than once. */
  repeats: boolean;
}

function quantifierAt(source: string, i: number): Quantifier | null {
  const char = source[i];
  const lazy = (length: number): number => (source[i + length] === '?' ? length + 1 : length);
  if (char === '*' || char === '+') return { length: lazy(1), unbounded: true, repeats: true };
  if (char === '?') return { length: lazy(1), unbounded: false, repeats: false };
  if (char !== '{') return null;
  const braces = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i, i + 24));
  if (braces === null) return null;
  const min = Number(braces[1]);
  const max = braces[2] === undefined ? min : braces[3] === '' ? Number.POSITIVE_INFINITY : Number(braces[3]);
  return { length: lazy(braces[0].length), unbounded: max === Number.POSITIVE_INFINITY, repeats: max > 1 };
}
