import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { authorized, sameSecret, sessionCookie } from '../http-auth.js';
import type { DashboardData } from './dashboard-data.js';
import { renderDashboard, renderSignIn } from './render-dashboard.js';

const HTML = 'text/html; charset=utf-8';
/** A sign-in form carries one short field; anything bigger is not ours. */
const FORM_BODY_LIMIT = 4096;

function page(reply: FastifyReply, code: number, body: string): FastifyReply {
  return (
    reply
      .code(code)
      .header('content-type', HTML)
      // The page lists customers: no caching anywhere, no framing by other sites.
      .header('cache-control', 'no-store')
      .header('x-frame-options', 'DENY')
      .header(
        'content-security-policy',
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      )
      .header('referrer-policy', 'no-referrer')
      .send(body)
  );
}

/** Answers with the session cookie and sends the browser to the clean address (no token in it). */
function signedIn(req: FastifyRequest, reply: FastifyReply, token: string): FastifyReply {
  return reply
    .code(303)
    .header('set-cookie', sessionCookie(token, req.protocol === 'https', new Date()))
    .header('cache-control', 'no-store')
    .header('location', '/dashboard')
    .send();
}

/**
 * GET /dashboard behind the API token: as a Bearer or Basic header, as the session cookie, or
 * once as `?token=` (answered with the cookie and a redirect to /dashboard, so the token leaves
 * the address bar and history at once). A browser without any of them gets a sign-in form that
 * posts the token; an API client (no text/html in Accept) gets a plain 401.
 */
export function dashboardRoutes(token: string, dashboard: () => Promise<DashboardData>): FastifyPluginAsync {
  return async (scope) => {
    scope.addContentTypeParser(
      'application/x-www-form-urlencoded',
      { parseAs: 'string', bodyLimit: FORM_BODY_LIMIT },
      (_req, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );

    const refuse = (req: FastifyRequest, reply: FastifyReply, failed: boolean): FastifyReply => {
      // Bearer, not Basic: a Basic challenge would make the browser pop its own dialog over the form.
      reply.header('www-authenticate', 'Bearer realm="support-intake"');
      if ((req.headers.accept ?? '').includes('text/html')) return page(reply, 401, renderSignIn(failed));
      return reply.code(401).send({ error: 'unauthorized' });
    };

    scope.get<{ Querystring: { token?: string } }>('/dashboard', async (req, reply) => {
      const given = req.query.token;
      if (given !== undefined) {
        return sameSecret(given, token) ? signedIn(req, reply, token) : refuse(req, reply, true);
      }
      if (!authorized(req.headers, token)) return refuse(req, reply, false);
      return page(reply, 200, renderDashboard(await dashboard()));
    });

    scope.post<{ Body: { token?: unknown } }>('/dashboard/sign-in', async (req, reply) => {
      const given = req.body?.token;
      if (typeof given === 'string' && sameSecret(given, token)) return signedIn(req, reply, token);
      return refuse(req, reply, true);
    });
  };
}
