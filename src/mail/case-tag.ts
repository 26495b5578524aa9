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

/** Subject of a reply: the customer's subject, tagged once, with one "Re:". */
export function tagSubject(caseId: string, subject: string): string {
  const tag = `[${caseId}]`;
  const bare = subject.replace(/^\s*((re|aw|sv|fw|fwd)\s*:\s*)+/i, '').trim();
  const tagged = bare.includes(tag) ? bare : `${tag} ${bare}`.trim();
  return `Re: ${tagged}`;
}
