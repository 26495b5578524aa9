import { createHmac, timingSafeEqual } from 'node:crypto';

/** The cookie a browser gets after giving the token once (dashboard sign-in or `?token=`). */
export const SESSION_COOKIE = 'support_intake_session';
/** A working day: long enough for a shift, short enough that a forgotten browser closes itself. */
export const SESSION_MAX_AGE_SECONDS = 12 * 3600;

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The cookie holds its expiry and an HMAC of it keyed with the token, not the token: a cookie
 * read off a browser opens the read-only pages until it expires but is no API bearer token,
 * the expiry is checked here (not only by the browser), and rotating the token ends every
 * session.
 */
export function sessionValue(token: string, expiresAtSeconds: number): string {
  const mac = createHmac('sha256', token)
    .update(`support-intake dashboard session until ${expiresAtSeconds}`)
    .digest('base64url');
  return `${expiresAtSeconds}.${mac}`;
}

export function validSession(value: string, token: string, now: Date): boolean {
  const dot = value.indexOf('.');
  const expires = Number(value.slice(0, dot));
  if (dot <= 0 || !Number.isSafeInteger(expires) || expires * 1000 <= now.getTime()) return false;
  return sameSecret(value, sessionValue(token, expires));
}

export function sessionCookie(token: string, secure: boolean, now: Date): string {
  const expires = Math.floor(now.getTime() / 1000) + SESSION_MAX_AGE_SECONDS;
  // HttpOnly: no script reads it. SameSite=Lax: sent when following a link to the page, never
  // on a cross-site form post (everything it opens is read-only GET anyway).
  return `${SESSION_COOKIE}=${sessionValue(token, expires)}; Path=/; Max-Age=${SESSION_MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
}

export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * Bearer token for API clients; Basic auth (any user, token as password) and the session
 * cookie so a browser can open the board and the dashboard.
 */
export function authorized(
  headers: { authorization?: string | undefined; cookie?: string | undefined },
  token: string,
  now: Date = new Date(),
): boolean {
  const header = headers.authorization ?? '';
  if (header.startsWith('Bearer ')) return sameSecret(header.slice(7), token);
  if (header.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString();
    return sameSecret(decoded.slice(decoded.indexOf(':') + 1), token);
  }
  const session = cookieValue(headers.cookie, SESSION_COOKIE);
  return session !== undefined && validSession(session, token, now);
}
