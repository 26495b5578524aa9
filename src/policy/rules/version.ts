// Product versions as customers write them: "1.2.8", "v3.0.1", "2.3.0-RC1", "3.0.0-SNAPSHOT",
// "MOR X8". Deliberately looser than semver: only the numeric parts are compared, and the
// letter series prefix ("X" in X8) has to be equal for two versions to be comparable at all.

export interface ParsedVersion {
  /** As written, trimmed. */
  text: string;
  /** Upper-cased letter series before the numbers ("X" in "X8"), or "" when none. */
  series: string;
  numbers: number[];
  /** Anything after the numbers ("SNAPSHOT", "rc1", "beta.2"), lower-cased, or "" for a release. */
  suffix: string;
}

const VERSION_SHAPE = /^v?([a-z]?)(\d+(?:\.\d+)*)(?:[-+~._]?([a-z][a-z0-9.+-]*))?$/i;

export function parseVersion(text: string): ParsedVersion | null {
  const trimmed = text.trim();
  const match = VERSION_SHAPE.exec(trimmed);
  if (match === null) return null;
  const [, series = '', digits = '', suffix = ''] = match;
  return {
    text: trimmed,
    series: series.toUpperCase(),
    numbers: digits.split('.').map((part) => Number.parseInt(part, 10)),
    suffix: suffix.toLowerCase(),
  };
}

/**
 * Negative when `a` is older than `b`, positive when newer, 0 when equal. Missing parts count as
 * 0 (1.2 == 1.2.0); a pre-release suffix sorts before its release (2.3.0-rc1 < 2.3.0). Returns
 * null for versions of different letter series, which cannot be ordered by their numbers.
 */
export function compareVersions(a: ParsedVersion, b: ParsedVersion): number | null {
  if (a.series !== b.series) return null;
  const length = Math.max(a.numbers.length, b.numbers.length);
  for (let i = 0; i < length; i += 1) {
    const difference = (a.numbers[i] ?? 0) - (b.numbers[i] ?? 0);
    if (difference !== 0) return difference;
  }
  if (a.suffix === b.suffix) return 0;
  if (a.suffix === '') return 1;
  if (b.suffix === '') return -1;
  return a.suffix < b.suffix ? -1 : 1;
}

/** True when `version` belongs to release line `line` ("2.2.7" is in "2.2"; "X8" is in "X8"). */
export function isInLine(version: ParsedVersion, line: ParsedVersion): boolean {
  if (version.series !== line.series) return false;
  return line.numbers.every((part, index) => version.numbers[index] === part);
}

/** The alphabetic words of a suffix: "rc1" → ["rc"], "beta.2" → ["beta"], "m2" → ["m"]. */
export function suffixWords(version: ParsedVersion): string[] {
  return version.suffix.split(/[^a-z]+/).filter((word) => word !== '');
}
