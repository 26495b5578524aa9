// Readers for raw (not yet validated) policy input. Cross-checks run even when other parts of a
// file failed, so every problem is reported at once; they must not trust the parsed types.

export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** The `id` of every entry of a list that has one. */
export function idsOf(list: unknown): string[] {
  return asArray(list)
    .map((item) => asRecord(item).id)
    .filter((id): id is string => typeof id === 'string');
}
