#!/usr/bin/env node
// The local stack's OAuth2 authorization server: oidc-provider (a maintained, certified
// implementation) on loopback, set up like a mail provider's: client_credentials and
// refresh_token grants, refresh tokens rotated on every use (a spent one revokes its grant),
// 60-second opaque access tokens, revocation, and token introspection for Dovecot.
//
// Loopback admin endpoints (tests and `scripts/stack`), no authentication — never expose them:
// Start: node scripts/oauth-server.mjs [--client ID:SECRET:MAILBOX]... (OAUTH_PORT, default 9400)
//   PUT    /admin/clients/ID      {"secret": "...", "mailbox": "a@example.test"}  register or restore
//   DELETE /admin/clients/ID      revoke the client: no new tokens, its tokens turn inactive
//   POST   /admin/refresh-tokens  {"clientId": "...", "mailbox": "..."} → {"refresh_token": "..."}
//                                 (what a user's consent would give: the first refresh token)
//   GET    /admin/refresh-log?clientId=ID → [{"sha256": "...", "status": 200}], every refresh_token presented
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.OAUTH_PORT ?? 9400);
const host = '127.0.0.1';
const issuer = `http://${host}:${port}`;
// The client Dovecot authenticates with when it asks whether a token is active.
const INTROSPECTOR = { id: 'dovecot', secret: process.env.OAUTH_INTROSPECTION_SECRET ?? 'dovecot-introspection' };
const ACCESS_TOKEN_SECONDS = Number(process.env.OAUTH_ACCESS_TOKEN_SECONDS ?? 60);

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: INTROSPECTOR.id,
      client_secret: INTROSPECTOR.secret,
      grant_types: [],
      response_types: [],
      redirect_uris: [],
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  extraClientMetadata: { properties: ['mailbox'] },
  scopes: ['openid', 'offline_access', 'mail'],
  features: {
    devInteractions: { enabled: false },
    clientCredentials: { enabled: true },
    introspection: {
      enabled: true,
      // Only Dovecot may ask, and a token of a revoked (deleted) client is not active.
      allowedPolicy: async (_ctx, caller, token) =>
        caller.clientId === INTROSPECTOR.id && (await provider.Client.find(token.clientId)) !== undefined,
    },
    revocation: { enabled: true },
  },
  rotateRefreshToken: true,
  // Dovecot compares this claim with the IMAP login name.
  extraTokenClaims: async (_ctx, token) => {
    if (token.kind !== 'AccessToken' && token.kind !== 'ClientCredentials') return undefined;
    const client = await provider.Client.find(token.clientId);
    return { username: token.accountId ?? client?.mailbox };
  },
  findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, email: sub }) }),
  ttl: {
    AccessToken: ACCESS_TOKEN_SECONDS,
    ClientCredentials: ACCESS_TOKEN_SECONDS,
    RefreshToken: 30 * 24 * 3600,
    Grant: 30 * 24 * 3600,
    IdToken: 3600,
  },
});
provider.proxy = false;

/** Every refresh token presented at /token, hashed, with the answer it got (tests read it). */
const refreshLog = [];
provider.use(async (ctx, next) => {
  await next();
  if (ctx.path === '/token' && ctx.oidc?.params?.grant_type === 'refresh_token') {
    const value = String(ctx.oidc.params.refresh_token ?? '');
    refreshLog.push({
      clientId: ctx.oidc.client?.clientId ?? null,
      sha256: createHash('sha256').update(value).digest('hex'),
      status: ctx.status,
    });
  }
});
provider.on('server_error', (_ctx, err) => process.stderr.write(`oauth server error: ${err.stack}\n`));

async function putClient(id, { secret, mailbox }) {
  await provider.Client.adapter.upsert(id, {
    client_id: id,
    client_secret: secret,
    grant_types: ['client_credentials', 'refresh_token', 'authorization_code'],
    response_types: ['code'],
    redirect_uris: ['http://127.0.0.1/callback'],
    token_endpoint_auth_method: 'client_secret_post',
    scope: 'openid offline_access mail',
    mailbox,
  });
}

async function firstRefreshToken({ clientId, mailbox }) {
  const client = await provider.Client.find(clientId);
  if (!client) throw new Error(`no client ${clientId}`);
  const grant = new provider.Grant({ accountId: mailbox, clientId });
  grant.addOIDCScope('openid offline_access');
  const grantId = await grant.save();
  const token = new provider.RefreshToken({
    client,
    accountId: mailbox,
    grantId,
    scope: 'openid offline_access',
    gty: 'authorization_code',
    expiresWithSession: false,
    iiat: Math.floor(Date.now() / 1000),
  });
  return { refresh_token: await token.save() };
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
}

async function admin(req, res, url) {
  const send = (code, body) => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  const client = /^\/admin\/clients\/([\w.-]+)$/.exec(url.pathname);
  if (client && req.method === 'PUT') {
    await putClient(client[1], await readJson(req));
    return send(200, { client_id: client[1] });
  }
  if (client && req.method === 'DELETE') {
    await provider.Client.adapter.destroy(client[1]);
    return send(200, { revoked: client[1] });
  }
  if (url.pathname === '/admin/refresh-tokens' && req.method === 'POST') {
    return send(200, await firstRefreshToken(await readJson(req)));
  }
  if (url.pathname === '/admin/refresh-log' && req.method === 'GET') {
    const id = url.searchParams.get('clientId');
    return send(200, refreshLog.filter((entry) => !id || entry.clientId === id));
  }
  return send(404, { error: 'no such admin endpoint' });
}

// --client ID:SECRET:MAILBOX registers a client at start (the one config/local.yaml uses).
for (let i = 2; i < process.argv.length; i += 1) {
  if (process.argv[i] !== '--client') continue;
  const [id, secret, mailbox] = String(process.argv[i + 1] ?? '').split(':');
  if (!id || !secret || !mailbox) throw new Error('--client wants ID:SECRET:MAILBOX');
  await putClient(id, { secret, mailbox });
}

const handle = provider.callback();
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', issuer);
  if (url.pathname.startsWith('/admin/')) {
    admin(req, res, url).catch((err) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: String(err?.message ?? err) }));
    });
    return;
  }
  handle(req, res);
});
server.listen(port, host, () => process.stdout.write(`oauth server ${issuer} (access tokens ${ACCESS_TOKEN_SECONDS} s)\n`));
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)));
