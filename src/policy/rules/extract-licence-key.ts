/** The canonical form of a licence key, used for directory look-ups: upper-case, no spaces. */
export function normalizeLicenceKey(key: string): string {
  return key.replace(/\s+/g, '').toUpperCase();
}

/**
 * Every distinct licence-key-shaped token in the text, normalized, in order of appearance.
 * `keyPattern` comes from the policy; it is wrapped so a key is a whole token and never the
 * middle of a longer one (a UUID or a longer serial must not yield a false key).
 */
export function extractLicenceKeys(text: string, keyPattern: string): string[] {
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_-])(?:${keyPattern})(?![\\p{L}\\p{N}_-])`, 'giu');
  const keys: string[] = [];
  for (const match of text.matchAll(pattern)) {
    const key = normalizeLicenceKey(match[0]);
    if (!keys.includes(key)) keys.push(key);
  }
  return keys;
}

export function extractLicenceKey(text: string, keyPattern: string): string | null {
  return extractLicenceKeys(text, keyPattern)[0] ?? null;
}
