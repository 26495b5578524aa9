/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * JSON text PostgreSQL's jsonb accepts. Mail is hostile: a NUL (U+0000) or a lone UTF-16
 * surrogate in a subject or body is valid in a JavaScript string and in JSON, but jsonb refuses
 * both and the whole statement fails. Each becomes U+FFFD, the replacement character, as a
 * decoder would show it.
 */
export function toPgJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'string' ? v.replace(LONE_SURROGATE, '\uFFFD').replaceAll('\u0000', '\uFFFD') : v,
  );
}
