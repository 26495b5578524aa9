import type { SeverityRules } from '../rules-schema.js';
import type { MailText } from './mail-text.js';
import { containsAnyPhrase, matchedPhrases, withoutPhrases } from './text-match.js';

export type SeveritySource = 'subjectTag' | 'impactRule' | 'default';

export interface SeverityClassification {
  severity: string;
  source: SeveritySource;
  /** The phrases that decided the severity (subject tag or impact rule). */
  matched: string[];
  /** True when a stated workaround lowered the severity by one level. */
  downgradedForWorkaround: boolean;
  /** Every impact word seen, recorded on the case for ops even when it did not set the severity. */
  impactWords: string[];
}

/**
 * Severity of a new mail. Precedence (Netop's policy): an explicit severity word in the
 * subject wins outright, unchanged by any workaround; otherwise the first impact rule that
 * matches, lowered one level when the mail states a workaround; otherwise the default.
 *
 * @param severityIds the policy's severities, highest first (the order "one level down" uses).
 */
export function classifySeverity(
  rules: SeverityRules,
  severityIds: readonly string[],
  text: MailText,
): SeverityClassification {
  const impactWords = recordedImpactWords(rules, text);

  const tagged = severityFromSubjectTags(rules, severityIds, text);
  if (tagged !== null)
    return { ...tagged, source: 'subjectTag', downgradedForWorkaround: false, impactWords };

  for (const rule of rules.impactRules) {
    const matched = matchedPhrases(withoutPhrases(text.all, rule.except), rule.phrases);
    if (matched.length === 0) continue;
    const downgrade = statesWorkaround(rules, text);
    const severity = downgrade ? oneLevelDown(rule.severity, severityIds) : rule.severity;
    return {
      severity,
      source: 'impactRule',
      matched,
      downgradedForWorkaround: severity !== rule.severity,
      impactWords,
    };
  }

  const fallback = rules.default ?? severityIds[severityIds.length - 1] ?? '';
  // The default is itself "by impact" (Netop: a question is medium), so a workaround lowers it too.
  const severity = statesWorkaround(rules, text) ? oneLevelDown(fallback, severityIds) : fallback;
  return {
    severity,
    source: 'default',
    matched: [],
    downgradedForWorkaround: severity !== fallback,
    impactWords,
  };
}

function severityFromSubjectTags(
  rules: SeverityRules,
  severityIds: readonly string[],
  text: MailText,
): { severity: string; matched: string[] } | null {
  const hits = rules.subjectTags
    .map((tag) => ({ severity: tag.severity, matched: matchedPhrases(text.subject, tag.phrases) }))
    .filter((hit) => hit.matched.length > 0);
  if (hits.length === 0) return null;
  // Two different tags in one subject ("[High] ... critical:") are resolved towards the more
  // severe one: an engineer can lower it, while a too-low severity silently misses its target.
  hits.sort((a, b) => rank(a.severity, severityIds) - rank(b.severity, severityIds));
  return hits[0] ?? null;
}

function recordedImpactWords(rules: SeverityRules, text: MailText): string[] {
  const words = new Set<string>(matchedPhrases(text.all, rules.recordedImpactWords));
  for (const rule of rules.impactRules) {
    for (const word of matchedPhrases(withoutPhrases(text.all, rule.except), rule.phrases)) words.add(word);
  }
  return [...words];
}

function statesWorkaround(rules: SeverityRules, text: MailText): boolean {
  const downgrade = rules.workaroundDowngrade;
  if (downgrade === undefined) return false;
  return containsAnyPhrase(withoutPhrases(text.all, downgrade.except), downgrade.phrases);
}

function rank(severity: string, severityIds: readonly string[]): number {
  const index = severityIds.indexOf(severity);
  return index < 0 ? Number.MAX_SAFE_INTEGER : index;
}

/** The next lower severity; the lowest stays where it is. */
export function oneLevelDown(severity: string, severityIds: readonly string[]): string {
  const index = severityIds.indexOf(severity);
  if (index < 0 || index >= severityIds.length - 1) return severity;
  return severityIds[index + 1] ?? severity;
}
