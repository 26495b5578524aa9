import { readFileSync } from 'node:fs';
import type { MailAuth } from '../../config/mail-auth-schema.js';
import type { RefreshTokenStore } from './refresh-token-store.js';
import { type AccessTokenSource, OAuth2TokenSource } from './token-source.js';

/** What imapflow's `auth` option takes. */
export type ImapAuth = { user: string; pass: string } | { user: string; accessToken: string };

/** What nodemailer's `auth` option takes: a password, or OAuth2 fed by our token source. */
export type SmtpAuth =
  | { user: string; pass: string }
  | {
      type: 'OAuth2';
      user: string;
      provisionCallback: (
        user: string,
        renew: boolean,
        callback: (err: Error | null, accessToken?: string, expires?: number) => void,
      ) => void;
    };

/** How one account (a mailbox, or the SMTP sender) signs in; secrets stay inside. */
export interface AccountSignIn {
  readonly type: MailAuth['type'];
  readonly user: string;
  /** Credentials for one IMAP connect: a fresh-enough access token each time. */
  imapAuth(): Promise<ImapAuth>;
  smtpAuth(): SmtpAuth;
  /** The server refused our credentials: do not offer the same access token again. */
  refused(): void;
}

export interface SignInDeps {
  env: NodeJS.ProcessEnv;
  store?: RefreshTokenStore;
  now?: () => number;
  readFile?: (path: string) => string;
  onRotated?: (user: string) => void;
}

/** The environment variables an account needs that are not set (checked at start-up). */
export function missingSecrets(auth: MailAuth, env: NodeJS.ProcessEnv): string[] {
  const names =
    auth.type === 'password'
      ? [auth.passwordEnv]
      : [auth.clientSecretEnv, auth.refreshTokenEnv, auth.keyFileEnv, auth.clientCertificate?.keyFileEnv];
  return names.filter((n): n is string => n !== undefined && (env[n] === undefined || env[n] === ''));
}

export function createSignIn(auth: MailAuth, defaultUser: string, deps: SignInDeps): AccountSignIn {
  const user = auth.user ?? defaultUser;
  if (auth.type === 'password') {
    const pass = (): string => deps.env[auth.passwordEnv] ?? '';
    return {
      type: 'password',
      user,
      imapAuth: async () => ({ user, pass: pass() }),
      smtpAuth: () => ({ user, pass: pass() }),
      refused: () => undefined,
    };
  }
  const tokens: AccessTokenSource = new OAuth2TokenSource({
    auth,
    user,
    env: deps.env,
    ...(deps.store ? { store: deps.store } : {}),
    readFile: deps.readFile ?? ((path) => readFileSync(path, 'utf8')),
    now: deps.now ?? Date.now,
    onRotated: () => deps.onRotated?.(user),
  });
  return {
    type: 'oauth2',
    user,
    // imapflow takes a fixed token, so every (re)connect asks again; the source caches.
    imapAuth: async () => ({ user, accessToken: (await tokens.get()).accessToken }),
    smtpAuth: () => ({
      type: 'OAuth2',
      user,
      // nodemailer calls with renew=true when the server refused the token, then retries once.
      provisionCallback: (_user, renew, callback) => {
        if (renew) tokens.invalidate();
        tokens.get().then(
          (t) => callback(null, t.accessToken, t.expiresAt),
          (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
        );
      },
    }),
    refused: () => tokens.invalidate(),
  };
}
