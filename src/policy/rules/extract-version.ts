import { type ParsedVersion, parseVersion } from './version.js';

// A version token: optional "v", optional letter series, dotted digits, optional pre-release
// suffix glued on with -, ., +, ~ or _ ("3.0.0-SNAPSHOT", "2.3.0.RC1", "1.2.8", "X8").
const TOKEN = String.raw`v?[a-z]?\d+(?:\.\d+)*(?:[-+~_.]?[a-z][a-z0-9]*(?:[-.]\d+)*)?`;
const BEFORE = String.raw`(?<![\p{L}\p{N}_.-])`;
const AFTER = String.raw`(?![\p{L}\p{N}_-]|\.\d)`;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Versions the customer states, in order of appearance. Only numbers introduced by a product
 * name or the word "version"/"release" count, so "Ubuntu 22.04" or "500 errors" are never read
 * as the product version. After a product name a bare number needs a dot or a letter series
 * ("Perfana 3.1", "MOR X8", not "Perfana 500").
 */
export function extractVersions(text: string, productNames: readonly string[]): ParsedVersion[] {
  const names = [...productNames]
    .map((name) => name.trim().replace(/\*$/, ''))
    .filter((name) => name !== '')
    .sort((a, b) => b.length - a.length)
    .map((name) => escapeRegex(name).replace(/\s+/g, String.raw`\s+`));
  const keyword = String.raw`(?:version|ver\.?|release|versie|versión|versione|vers\.)`;
  const alternatives = [String.raw`${BEFORE}${keyword}\s*(?:is\s+|:\s*|=\s*|#\s*)?(${TOKEN})${AFTER}`];
  if (names.length > 0) {
    const nameGroup = `(?:${names.join('|')})`;
    alternatives.push(String.raw`${BEFORE}${nameGroup}\s*(?:${keyword}\s*)?[:=]?\s*(${TOKEN})${AFTER}`);
  }
  // "v1.2.8" on its own is unambiguous enough without a product name.
  alternatives.push(String.raw`${BEFORE}v(\d+\.\d+(?:\.\d+)*(?:[-+~_.]?[a-z][a-z0-9]*)?)${AFTER}`);

  const pattern = new RegExp(alternatives.join('|'), 'giu');
  const found: { index: number; version: ParsedVersion }[] = [];
  // Whitespace runs collapsed first: the adjacent `\s*` above would otherwise try every way of
  // splitting a long run between them (quadratic on "Perfana" followed by megabytes of spaces).
  const collapsed = text.replace(/\s+/g, ' ');
  for (const match of collapsed.matchAll(pattern)) {
    const token = match.slice(1).find((group) => group !== undefined);
    if (token === undefined) continue;
    const version = parseVersion(token);
    if (version === null) continue;
    const introducedByName = names.length > 0 && match[2] !== undefined;
    const bareNumber = version.series === '' && version.numbers.length === 1;
    if (introducedByName && bareNumber) continue;
    found.push({ index: match.index ?? 0, version });
  }
  return found.sort((a, b) => a.index - b.index).map((entry) => entry.version);
}

/** The first stated version, which is the one the customer reports the problem on. */
export function extractVersion(text: string, productNames: readonly string[]): ParsedVersion | null {
  return extractVersions(text, productNames)[0] ?? null;
}
