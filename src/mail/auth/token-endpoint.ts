/** An access token as the token endpoint gave it. */
export interface TokenResponse {
  accessToken: string;
  /** Absolute expiry (ms since the epoch). */
  expiresAt: number;
  /** Set when the server rotated the refresh token: the old one is dead from now on. */
  refreshToken?: string;
}

/**
 * The provider said no. `code` is the OAuth2 error (`invalid_grant`, `invalid_client`…);
 * Microsoft puts its AADSTS number in the description. Never carries a secret: only what the
 * server answered, which holds no token.
 */
export class OAuthError extends Error {
  constructor(
    readonly code: string,
    readonly description: string,
    /** True when retrying cannot help until someone changes the grant, client or consent. */
    readonly permanent: boolean,
  ) {
    super(description ? `${code}: ${description}` : code);
    this.name = 'OAuthError';
  }
}

const PERMANENT = new Set([
  'invalid_grant',
  'invalid_client',
  'unauthorized_client',
  'invalid_scope',
  'access_denied',
]);

/** Lifetime assumed when the server does not say (RFC 6749 makes expires_in optional). */
const DEFAULT_LIFETIME_S = 3600;

/** POSTs one token request (form-encoded, client credentials in the body) and reads the answer. */
export async function requestToken(
  tokenUrl: string,
  form: Record<string, string>,
  now: () => number,
  timeoutMs = 15_000,
): Promise<TokenResponse> {
  let response: Response;
  try {
    response = await fetch(tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new OAuthError('unreachable', `token endpoint ${new URL(tokenUrl).host}: ${errText(err)}`, false);
  }
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // A proxy's HTML error page: the status says enough.
  }
  if (!response.ok) {
    const code = typeof body.error === 'string' ? body.error : `http_${response.status}`;
    const description = typeof body.error_description === 'string' ? body.error_description : '';
    throw new OAuthError(code, firstLine(description), PERMANENT.has(code) || response.status === 401);
  }
  if (typeof body.access_token !== 'string' || body.access_token === '')
    throw new OAuthError('invalid_response', 'the token endpoint answered without an access_token', false);
  const lifetime =
    typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in ?? DEFAULT_LIFETIME_S);
  return {
    accessToken: body.access_token,
    expiresAt: now() + (Number.isFinite(lifetime) && lifetime > 0 ? lifetime : DEFAULT_LIFETIME_S) * 1000,
    ...(typeof body.refresh_token === 'string' && body.refresh_token !== ''
      ? { refreshToken: body.refresh_token }
      : {}),
  };
}

/** Microsoft's descriptions run to trace IDs and timestamps on further lines. */
function firstLine(text: string): string {
  return (text.split(/\r?\n/)[0] ?? '').slice(0, 300);
}

const errText = (err: unknown): string =>
  err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : String(err);
