import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DashboardData } from '../../../../src/ops/dashboard/dashboard-data.js';
import { dashboardRoutes } from '../../../../src/ops/dashboard/dashboard-routes.js';

const token = 'a-long-random-api-token-0123456789abcdef';
const data: DashboardData = {
  now: new Date('2026-03-10T12:00:00Z'),
  openCases: [],
  openCasesTruncated: false,
  breachesThisMonth: [],
  monthStart: new Date('2026-03-01T00:00:00Z'),
  attainment: [],
  queues: null,
  mailboxes: null,
};

// Requests through fastify's inject: the routes as the server runs them, without a socket.
describe('dashboard routes', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = Fastify();
    await app.register(dashboardRoutes(token, async () => data));
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
  });
  const browser = { accept: 'text/html,application/xhtml+xml' };

  it('refuses without the token: JSON for an API client, the sign-in form for a browser', async () => {
    const api = await app.inject({ url: '/dashboard' });
    expect(api.statusCode).toBe(401);
    expect(api.json()).toEqual({ error: 'unauthorized' });
    expect(api.headers['www-authenticate']).toBe('Bearer realm="support-intake"');
    const page = await app.inject({ url: '/dashboard', headers: browser });
    expect(page.statusCode).toBe(401);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('action="/dashboard/sign-in"');
    expect(page.body).not.toContain('not the API token');
  });

  it('?token= answers with the cookie and sends the browser to the address without it', async () => {
    const wrong = await app.inject({ url: '/dashboard?token=nope', headers: browser });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).toContain('That token is not the API token.');
    expect(wrong.headers['set-cookie']).toBeUndefined();

    const right = await app.inject({ url: `/dashboard?token=${token}`, headers: browser });
    expect(right.statusCode).toBe(303);
    expect(right.headers.location).toBe('/dashboard');
    const cookie = String(right.headers['set-cookie']);
    expect(cookie).toMatch(/^support_intake_session=[^;]+; Path=\/; Max-Age=43200; HttpOnly; SameSite=Lax$/);
    expect(cookie).not.toContain(token);

    const page = await app.inject({
      url: '/dashboard',
      headers: { ...browser, cookie: cookie.split(';')[0] ?? '' },
    });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1>Support intake</h1>');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.headers['x-frame-options']).toBe('DENY');
  });

  it('the sign-in form posts the token once; a wrong or oversized one is refused', async () => {
    const form = { 'content-type': 'application/x-www-form-urlencoded', ...browser };
    const right = await app.inject({
      method: 'POST',
      url: '/dashboard/sign-in',
      headers: form,
      payload: `token=${encodeURIComponent(token)}`,
    });
    expect(right.statusCode).toBe(303);
    expect(right.headers.location).toBe('/dashboard');
    expect(String(right.headers['set-cookie'])).toMatch(/^support_intake_session=/);

    const wrong = await app.inject({
      method: 'POST',
      url: '/dashboard/sign-in',
      headers: form,
      payload: 'token=x',
    });
    expect(wrong.statusCode).toBe(401);
    const empty = await app.inject({ method: 'POST', url: '/dashboard/sign-in', headers: form, payload: '' });
    expect(empty.statusCode).toBe(401);
    const huge = await app.inject({
      method: 'POST',
      url: '/dashboard/sign-in',
      headers: form,
      payload: `token=${'a'.repeat(10_000)}`,
    });
    expect(huge.statusCode).toBe(413);
  });

  it('takes the token as Bearer, as API clients send it', async () => {
    const res = await app.inject({ url: '/dashboard', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Queue counts could not be read');
  });
});
