import { describe, expect, it } from 'vitest';
import {
  authorized,
  cookieValue,
  SESSION_COOKIE,
  sessionCookie,
  sessionValue,
} from '../../../src/ops/http-auth.js';

const token = 'a-long-random-api-token-0123456789abcdef';
const now = new Date('2026-03-10T12:00:00Z');
const nowSeconds = now.getTime() / 1000;

describe('HTTP auth', () => {
  it('takes the token as Bearer or as the Basic password, nothing else in the header', () => {
    expect(authorized({ authorization: `Bearer ${token}` }, token)).toBe(true);
    expect(authorized({ authorization: 'Bearer nope' }, token)).toBe(false);
    const basic = Buffer.from(`lead:${token}`).toString('base64');
    expect(authorized({ authorization: `Basic ${basic}` }, token)).toBe(true);
    expect(authorized({ authorization: token }, token)).toBe(false);
    expect(authorized({}, token)).toBe(false);
  });

  it('takes an unexpired session cookie, which is derived from the token but is not the token', () => {
    const value = sessionValue(token, nowSeconds + 60);
    expect(value).not.toContain(token);
    expect(authorized({ cookie: `other=1; ${SESSION_COOKIE}=${value}` }, token, now)).toBe(true);
    // Expired (the server checks, whatever the browser keeps), forged expiry, the token itself, a rotated token.
    expect(
      authorized({ cookie: `${SESSION_COOKIE}=${value}` }, token, new Date(now.getTime() + 61_000)),
    ).toBe(false);
    const forged = `${nowSeconds + 999_999}${value.slice(value.indexOf('.'))}`;
    expect(authorized({ cookie: `${SESSION_COOKIE}=${forged}` }, token, now)).toBe(false);
    expect(authorized({ cookie: `${SESSION_COOKIE}=${token}` }, token, now)).toBe(false);
    expect(authorized({ cookie: `${SESSION_COOKIE}=garbage` }, token, now)).toBe(false);
    expect(authorized({ cookie: `${SESSION_COOKIE}=${value}` }, `${token}-rotated`, now)).toBe(false);
  });

  it('sets the cookie HttpOnly, SameSite=Lax, for 12 hours, Secure over HTTPS', () => {
    const cookie = sessionCookie(token, false, now);
    expect(cookie).toBe(
      `${SESSION_COOKIE}=${sessionValue(token, nowSeconds + 43200)}; Path=/; Max-Age=43200; HttpOnly; SameSite=Lax`,
    );
    expect(sessionCookie(token, true, now)).toMatch(/; Secure$/);
    expect(cookieValue('a=1; b = 2 ;c=3', 'b')).toBe('2');
    expect(cookieValue(undefined, 'b')).toBeUndefined();
  });
});
