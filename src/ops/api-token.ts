/** Tokens shipped in examples and scripts: anyone who read them can use them. */
const PUBLIC_DEFAULTS = new Set([
  'change-me',
  'changeme',
  'local-dev-token',
  'test-token',
  'secret',
  'token',
]);
export const MIN_TOKEN_LENGTH = 32;

/** Why the API token must not guard a deployment, or null when it is fit. */
export function weakTokenReason(token: string): string | null {
  if (PUBLIC_DEFAULTS.has(token.toLowerCase())) return 'it is a publicly known default';
  if (token.length < MIN_TOKEN_LENGTH) return `it is shorter than ${MIN_TOKEN_LENGTH} characters`;
  return null;
}
