import type { MailText } from './mail-text.js';
import { matchedPhrases } from './text-match.js';

/**
 * The abusive phrases in a mail (FastNetMon "communication style"): swearing, insults, rude
 * language. A hit means ops are told and no automatic reply goes out; a person decides
 * whether to limit access. An empty list means the mail is fine.
 */
export function detectAbusiveLanguage(abusivePhrases: readonly string[], text: MailText): string[] {
  return matchedPhrases(text.all, abusivePhrases);
}
