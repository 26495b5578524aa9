import type { EligibilityRules } from '../rules-schema.js';
import type { MailText } from './mail-text.js';
import { containsAnyPhrase, normalizeText } from './text-match.js';

export type UnsupportedPlatform = EligibilityRules['platforms']['unsupported'][number];

/**
 * The unsupported operating system the customer runs, from the mail or the directory entry;
 * null when none is listed. FastNetMon: "we can provide support only if your Linux distribution
 * is officially supported by standard support from the distribution vendor".
 */
export function findUnsupportedPlatform(
  rules: EligibilityRules['platforms'],
  text: MailText,
  directoryPlatform: string | undefined,
): UnsupportedPlatform | null {
  const directoryText = directoryPlatform === undefined ? '' : normalizeText(directoryPlatform);
  for (const platform of rules.unsupported) {
    if (containsAnyPhrase(text.all, platform.phrases) || containsAnyPhrase(directoryText, platform.phrases)) {
      return platform;
    }
  }
  return null;
}
