import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { ImapFlow } from 'imapflow';
import { STACK } from './local-stack.js';

const run = promisify(execFile);

/** The stack's authorization server (scripts/oauth-server.mjs) and its loopback admin API. */
export const OAUTH = {
  url: `http://127.0.0.1:${Number(process.env.OAUTH_PORT ?? 9400)}`,
  get tokenUrl(): string {
    return `${this.url}/token`;
  },
};

async function admin<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${OAUTH.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** A Dovecot mailbox that only a bearer token opens (no line in the password file). */
export async function addOAuthMailbox(address: string): Promise<void> {
  await run('bash', ['scripts/stack', 'add-mailbox', '--oauth', address]);
}

/** Registers (or restores) a client whose tokens open `mailbox`. */
export const putClient = (id: string, secret: string, mailbox: string): Promise<unknown> =>
  admin('PUT', `/admin/clients/${id}`, { secret, mailbox });

/** Revokes the client at the server: no new tokens, and its tokens turn inactive. */
export const revokeClient = (id: string): Promise<unknown> => admin('DELETE', `/admin/clients/${id}`);

/** What a user's consent would hand over: the first refresh token for `mailbox`. */
export const firstRefreshToken = async (clientId: string, mailbox: string): Promise<string> =>
  (await admin<{ refresh_token: string }>('POST', '/admin/refresh-tokens', { clientId, mailbox }))
    .refresh_token;

/** Every refresh token the client presented, as SHA-256, with the status it got. */
export const refreshLog = (clientId: string): Promise<{ sha256: string; status: number }[]> =>
  admin('GET', `/admin/refresh-log?clientId=${encodeURIComponent(clientId)}`);

export const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Ends every IMAP session of the address (doveadm kick). */
export async function kick(address: string): Promise<void> {
  await run('bash', ['scripts/stack', 'kick', address]);
}

/** Tries an IMAP password login; returns the server's refusal, or 'accepted'. */
export async function passwordLogin(address: string, pass = STACK.password): Promise<string> {
  const client = new ImapFlow({ ...STACK.imap, secure: false, auth: { user: address, pass }, logger: false });
  try {
    await client.connect();
    await client.logout();
    return 'accepted';
  } catch (err) {
    const e = err as { authenticationFailed?: boolean; serverResponseCode?: string };
    return e.authenticationFailed ? (e.serverResponseCode ?? 'refused') : String(err);
  }
}

/** A YAML flow map for one OAuth2 mailbox of the test config. */
export function oauthMailboxYaml(
  address: string,
  policy: string,
  grant: 'client_credentials' | 'refresh_token',
  clientId: string,
  env: { secret: string; refreshToken?: string },
): string {
  const refresh = grant === 'refresh_token' ? `, refreshTokenEnv: ${env.refreshToken}` : '';
  return `{ address: ${address}, policy: ${policy}, auth: { type: oauth2, provider: generic, grant: ${grant}, tokenUrl: "${OAUTH.tokenUrl}", clientId: ${clientId}, clientSecretEnv: ${env.secret}${refresh} } }`;
}
