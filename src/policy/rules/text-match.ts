// Whole-word, case-insensitive phrase matching for policy settings. Settings are written by
// operators in YAML, so a phrase is plain text, never a regular expression: the only syntax is
// a trailing `*` meaning "any word that starts with this" ("install*" → installing, installer).

/** Letters, digits, `_` and `-` join words: "non-critical" must not match the phrase "critical". */
const WORD_CHAR = /[\p{L}\p{N}_-]/u;

/** Lower-cased text with typographic quotes folded and whitespace collapsed, so phrases match as typed. */
export function normalizeText(text: string): string {
  return (
    text
      // Long runs of combining marks ("zalgo") make Unicode normalization's canonical reordering
      // quadratic; no real word carries more than a few marks on one letter.
      .replace(/(\p{M}{4})\p{M}+/gu, '$1')
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\u2018\u2019\u02bc]/g, "'")
      .replace(/[\u201c\u201d]/g, '"')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

interface PhraseHit {
  start: number;
  end: number;
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && WORD_CHAR.test(char);
}

/** Every place `phrase` occurs in already-normalized `text` as whole words. */
function findPhrase(text: string, phrase: string): PhraseHit[] {
  const prefixMatch = phrase.endsWith('*');
  const needle = normalizeText(prefixMatch ? phrase.slice(0, -1) : phrase);
  if (needle === '') return [];
  const hits: PhraseHit[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf(needle, from);
    if (start < 0) break;
    from = start + 1;
    let end = start + needle.length;
    // A boundary is only required where the phrase itself starts or ends with a word character:
    // "[critical]" may touch anything, "sev1" may not be part of "sev10".
    if (isWordChar(needle[0]) && isWordChar(text[start - 1])) continue;
    if (prefixMatch) {
      while (isWordChar(text[end])) end += 1;
    } else if (isWordChar(needle[needle.length - 1]) && isWordChar(text[end])) {
      continue;
    }
    hits.push({ start, end });
  }
  return hits;
}

/** Text with every occurrence of the given phrases blanked out, so "no workaround" cannot match "workaround". */
export function withoutPhrases(normalizedText: string, phrases: readonly string[]): string {
  let out = normalizedText;
  for (const phrase of phrases) {
    const hits = findPhrase(out, phrase);
    if (hits.length === 0) continue;
    // One pass per phrase: rebuilding the whole string per hit is quadratic in the hit count.
    const pieces: string[] = [];
    let at = 0;
    for (const hit of hits) {
      const start = Math.max(hit.start, at);
      if (hit.end <= start) continue;
      pieces.push(out.slice(at, start), ' '.repeat(hit.end - start));
      at = hit.end;
    }
    pieces.push(out.slice(at));
    out = pieces.join('');
  }
  return out;
}

/** The phrases (as written in the settings) that occur in the text, in settings order. */
export function matchedPhrases(normalizedText: string, phrases: readonly string[]): string[] {
  return phrases.filter((phrase) => findPhrase(normalizedText, phrase).length > 0);
}

export function containsAnyPhrase(normalizedText: string, phrases: readonly string[]): boolean {
  return phrases.some((phrase) => findPhrase(normalizedText, phrase).length > 0);
}
