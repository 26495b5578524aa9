import { DateTime } from 'luxon';
import type { VersionRules } from '../rules-schema.js';
import { extractVersion } from './extract-version.js';
import type { MailText } from './mail-text.js';
import { containsAnyPhrase, matchedPhrases } from './text-match.js';
import { compareVersions, isInLine, type ParsedVersion, parseVersion, suffixWords } from './version.js';

export type VersionVerdict =
  /** No version stated in the mail or the directory, or no version rule: nothing to hold against it. */
  | { status: 'unknown' }
  | { status: 'supported'; version: ParsedVersion }
  /** SNAPSHOT, beta, milestone, release candidate: never supported (Perfana). */
  | { status: 'preRelease'; version: ParsedVersion | null; marker: string }
  /** FastNetMon: not the latest stable version; the customer must upgrade and replicate. */
  | { status: 'olderThanLatest'; version: ParsedVersion; latestVersion: string }
  /** Perfana: the version's line is past its support window. */
  | { status: 'endOfLife'; version: ParsedVersion; line: string | null; endedOn: string | null };

/** The version the report is about: the one stated in the mail, else the customer directory's. */
export function reportedVersion(
  rules: VersionRules,
  text: MailText,
  directoryVersion: string | undefined,
): ParsedVersion | null {
  const stated = extractVersion(`${text.rawSubject}\n${text.rawBody}`, rules.productNames);
  if (stated !== null) return stated;
  return directoryVersion === undefined ? null : parseVersion(directoryVersion);
}

/**
 * Whether the reported version is supported. Pre-release markers are checked first because a
 * SNAPSHOT build is unsupported whatever its number; then the policy's version rule.
 *
 * @param now the decision clock; end-of-life dates are whole days in `timezone`.
 */
export function checkVersion(
  rules: VersionRules,
  text: MailText,
  directoryVersion: string | undefined,
  now: Date,
  timezone: string,
): VersionVerdict {
  const version = reportedVersion(rules, text, directoryVersion);

  const marker = preReleaseMarker(rules, version, text);
  if (marker !== null) return { status: 'preRelease', version, marker };
  if (version === null) return { status: 'unknown' };

  const support = rules.support;
  switch (support.rule) {
    case 'any':
    case 'twoLatest':
      // twoLatest does not gate support; it only decides free bug fixes (isOnTwoLatestLines).
      return { status: 'supported', version };
    case 'latestOnly': {
      const latest = parseVersion(support.latestVersion);
      const order = latest === null ? null : compareVersions(version, latest);
      // A newer version than the setting (the setting lags a release) or an incomparable one is
      // not held against the customer.
      if (order !== null && order < 0) {
        return { status: 'olderThanLatest', version, latestVersion: support.latestVersion };
      }
      return { status: 'supported', version };
    }
    case 'supportWindow':
      return supportWindowVerdict(support, version, now, timezone);
  }
}

type SupportWindowRule = Extract<VersionRules['support'], { rule: 'supportWindow' }>;

function supportWindowVerdict(
  rule: SupportWindowRule,
  version: ParsedVersion,
  now: Date,
  timezone: string,
): VersionVerdict {
  const lines = [...rule.lines].sort((a, b) => a.released.localeCompare(b.released));
  const parsedLines = lines.map((line) => ({ ...line, parsed: parseVersion(line.line) }));
  const index = lineIndexOf(version, parsedLines);
  // "Versions earlier than those listed below have reached End of Life."
  if (index < 0) return { status: 'endOfLife', version, line: null, endedOn: null };

  const next = lines[index + 1];
  if (next === undefined) return { status: 'supported', version };
  const endsOn = DateTime.fromISO(next.released, { zone: timezone }).plus({
    months: Math.round(rule.supportYears * 12),
  });
  const today = DateTime.fromJSDate(now).setZone(timezone).startOf('day');
  if (today < endsOn) return { status: 'supported', version };
  return { status: 'endOfLife', version, line: lines[index]?.line ?? null, endedOn: endsOn.toISODate() };
}

/** Index of the line the version belongs to: the most specific matching line, else the newest older one. */
function lineIndexOf(version: ParsedVersion, lines: { parsed: ParsedVersion | null }[]): number {
  let best = -1;
  let bestSpecificity = -1;
  lines.forEach((line, index) => {
    if (
      line.parsed !== null &&
      isInLine(version, line.parsed) &&
      line.parsed.numbers.length > bestSpecificity
    ) {
      best = index;
      bestSpecificity = line.parsed.numbers.length;
    }
  });
  if (best >= 0) return best;
  lines.forEach((line, index) => {
    if (line.parsed === null) return;
    const order = compareVersions(line.parsed, version);
    if (order !== null && order < 0) best = index;
  });
  return best;
}

function preReleaseMarker(rules: VersionRules, version: ParsedVersion | null, text: MailText): string | null {
  if (version !== null) {
    const words = suffixWords(version);
    const marker = rules.preReleaseMarkers.find((candidate) => words.includes(candidate.toLowerCase()));
    if (marker !== undefined) return marker;
  }
  return matchedPhrases(text.all, rules.preReleasePhrases)[0] ?? null;
}

/** Kolmisoft: whether the version is on one of the two latest lines (bug fixes are then free). */
export function isOnTwoLatestLines(rules: VersionRules, version: ParsedVersion | null): boolean {
  if (version === null || rules.support.rule !== 'twoLatest') return false;
  return rules.support.lines
    .slice(-2)
    .map((line) => parseVersion(line))
    .some((line) => line !== null && isInLine(version, line));
}

/** Perfana: the mail asks for help upgrading, the one thing an end-of-life version still gets. */
export function asksForUpgradeHelp(rules: VersionRules, text: MailText): boolean {
  return (
    rules.support.rule === 'supportWindow' && containsAnyPhrase(text.all, rules.support.upgradeHelpPhrases)
  );
}
