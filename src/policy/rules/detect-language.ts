import { SCRIPT_LANGUAGES, STOP_WORDS } from './stop-words.js';

// Dependency-free on purpose: the policies only need "is this English, Dutch, or something
// else", and support mails are short and full of log lines, where statistical detectors
// (franc & co.) are not more reliable than counting function words, yet are far larger.

export interface LanguageGuess {
  /** ISO 639-1 code, or null when the text is too short or too mixed to tell. */
  language: string | null;
  /** How the guess was made; `none` means no guess. */
  basis: 'script' | 'stopWords' | 'none';
}

/** Share of letters in a non-Latin script above which that script decides the language. */
const SCRIPT_SHARE = 0.2;
/** Fewer function-word hits than this is not evidence of anything. */
const MIN_HITS = 2;
/** Only the start of a long mail is read: the customer's own words come first, logs later. */
const MAX_TOKENS = 400;

/**
 * The text without URLs and mail addresses, which say nothing about the language. Done token by
 * token: a regex such as `\S+@\S+` rescans a long run without spaces from every start position,
 * which is quadratic on a pasted base64 blob or minified log line.
 */
function withoutLinksAndAddresses(text: string): string {
  return text
    .split(/\s+/)
    .filter((token) => !token.includes('@') && !/https?:\/\//i.test(token))
    .join(' ');
}

/** Best guess of the language a mail is written in (subject and body, quoted history removed). */
export function detectLanguage(text: string): LanguageGuess {
  const cleaned = withoutLinksAndAddresses(text).toLowerCase();
  const letterCount = cleaned.match(/\p{L}/gu)?.length ?? 0;
  if (letterCount === 0) return { language: null, basis: 'none' };

  for (const { language, script } of SCRIPT_LANGUAGES) {
    const inScript = cleaned.match(script)?.length ?? 0;
    if (inScript / letterCount >= SCRIPT_SHARE) return { language, basis: 'script' };
  }

  const tokens = (cleaned.match(/\p{L}+/gu) ?? []).slice(0, MAX_TOKENS);
  const scores = Object.entries(STOP_WORDS)
    .map(([language, words]) => ({ language, hits: tokens.filter((token) => words.has(token)).length }))
    .sort((a, b) => b.hits - a.hits);
  const [best, runnerUp] = scores;
  if (best === undefined || best.hits < MIN_HITS) return { language: null, basis: 'none' };
  // A tie means shared words only ("is", "in"); better no guess than a wrong notice.
  if (runnerUp !== undefined && runnerUp.hits === best.hits) return { language: null, basis: 'none' };
  return { language: best.language, basis: 'stopWords' };
}
