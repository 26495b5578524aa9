/** `[FNM-123]` anywhere in a subject. Prefixes are uppercase letters/digits. */
const TAG = /\[([A-Z][A-Z0-9]*)-(\d+)\]/;

export function formatCaseId(prefix: string, n: number): string {
  return `${prefix}-${n}`;
}

export function caseIdFromSubject(subject: string, knownPrefixes: ReadonlySet<string>): string | undefined {
  const m = TAG.exec(subject);
  if (!m?.[1] || !m[2] || !knownPrefixes.has(m[1])) return undefined;
  return `${m[1]}-${m[2]}`;
}

const ALL_TAGS = /\s*\[([A-Z][A-Z0-9]*)-(\d+)\]\s*/g;

/**
 * The subject without our case tags: another case's tag must never travel on (a stranger could
 * otherwise join or learn of someone else's case). Tags of other systems (`[INC-42]`) stay.
 */
export function withoutCaseTags(subject: string, knownPrefixes: ReadonlySet<string>): string {
  return subject
    .replace(ALL_TAGS, (whole, prefix: string) => (knownPrefixes.has(prefix) ? ' ' : whole))
    .replace(/\s{2,}/g, ' ')
    .trim();
}

/** Our subject for a case: its own tag first, other known case tags dropped, no "Re:". */
export function caseSubject(caseId: string, subject: string, knownPrefixes: ReadonlySet<string>): string {
  const bare = withoutCaseTags(subject, knownPrefixes)
    .replace(/^\s*((re|aw|sv|fw|fwd)\s*:\s*)+/i, '')
    .trim();
  return `[${caseId}] ${withoutCaseTags(bare, knownPrefixes)}`.trim();
}

/** Subject of a reply: `Re: ` and the case subject (caseSubject). */
export function tagSubject(caseId: string, subject: string, knownPrefixes: ReadonlySet<string>): string {
  return `Re: ${caseSubject(caseId, subject, knownPrefixes)}`;
}
