import { describe, expect, it } from 'vitest';
import {
  authorized,
  cookieValue,
  SESSION_COOKIE,
  sessionCookie,
  sessionValue,
} from '../../../src/ops/http-auth.js';

const token = 'a-long-random-api-token-0123456789abcdef';

describe('HTTP auth', () => {
  it('takes the token as Bearer or as the Basic password, nothing else in the header', () => {
    expect(authorized({ authorization: `Bearer ${token}` }, token)).toBe(true);
    expect(authorized({ authorization: 'Bearer nope' }, token)).toBe(false);
    const basic = Buffer.from(`lead:${token}`).toString('base64');
    expect(authorized({ authorization: `Basic ${basic}` }, token)).toBe(true);
    expect(authorized({ authorization: token }, token)).toBe(false);
    expect(authorized({}, token)).toBe(false);
  });

  it('takes the session cookie, which is derived from the token but is not the token', () => {
    const value = sessionValue(token);
    expect(value).not.toContain(token);
    expect(authorized({ cookie: `other=1; ${SESSION_COOKIE}=${value}` }, token)).toBe(true);
    // The token itself in the cookie is not a session; a rotated token ends the session.
    expect(authorized({ cookie: `${SESSION_COOKIE}=${token}` }, token)).toBe(false);
    expect(authorized({ cookie: `${SESSION_COOKIE}=${value}` }, `${token}-rotated`)).toBe(false);
  });

  it('sets the cookie HttpOnly, SameSite=Lax, for a working day, Secure over HTTPS', () => {
    const cookie = sessionCookie(token, false);
    expect(cookie).toBe(
      `${SESSION_COOKIE}=${sessionValue(token)}; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax`,
    );
    expect(sessionCookie(token, true)).toMatch(/; Secure$/);
    expect(cookieValue('a=1; b = 2 ;c=3', 'b')).toBe('2');
    expect(cookieValue(undefined, 'b')).toBeUndefined();
  });
});
