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
 * The cookie holds a value derived from the token, not the token: a cookie read off a
 * browser opens the read-only pages but is no API bearer token, and rotating the token ends
 * every session.
 */
export function sessionValue(token: string): string {
  return createHmac('sha256', token).update('support-intake dashboard session').digest('base64url');
}

export function sessionCookie(token: string, secure: boolean): string {
  // HttpOnly: no script reads it. SameSite=Lax: sent when following a link to the page, never
  // on a cross-site form post (everything it opens is read-only GET anyway).
  return `${SESSION_COOKIE}=${sessionValue(token)}; Path=/; Max-Age=${SESSION_MAX_AGE_SECONDS}; HttpOnly; SameSite=Lax${secure ? '; Secure' : ''}`;
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
): boolean {
  const header = headers.authorization ?? '';
  if (header.startsWith('Bearer ')) return sameSecret(header.slice(7), token);
  if (header.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString();
    return sameSecret(decoded.slice(decoded.indexOf(':') + 1), token);
  }
  const session = cookieValue(headers.cookie, SESSION_COOKIE);
  return session !== undefined && sameSecret(session, sessionValue(token));
}
