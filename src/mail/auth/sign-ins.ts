import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AppConfig, MailboxConfig } from '../../config/app-config-schema.js';
import type { MailAuth } from '../../config/mail-auth-schema.js';
import type { RedisKeys } from '../../store/keys.js';
import { type AccountSignIn, createSignIn, missingSecrets } from './account-sign-in.js';
import { type Endpoint, PRESETS, resolveEndpoint } from './provider-presets.js';
import { RedisRefreshTokenStore, type RefreshTokenStore, TokenCipher } from './refresh-token-store.js';

/** A mailbox's way in: its `auth`, or the older `passwordEnv` shorthand. */
export function mailboxAuth(mailbox: MailboxConfig): MailAuth {
  if (mailbox.auth) return mailbox.auth;
  return {
    type: 'password',
    passwordEnv: mailbox.passwordEnv ?? 'IMAP_PASSWORD',
    ...(mailbox.user ? { user: mailbox.user } : {}),
  };
}

/** The SMTP account: `smtp.auth`, or the older userEnv/passwordEnv pair, or none (local relay). */
export function smtpAuth(smtp: AppConfig['smtp'], env: NodeJS.ProcessEnv): MailAuth | undefined {
  if (smtp.auth) return smtp.auth;
  if (smtp.userEnv && smtp.passwordEnv && env[smtp.userEnv] !== undefined)
    return { type: 'password', user: env[smtp.userEnv] ?? '', passwordEnv: smtp.passwordEnv };
  return undefined;
}

export function imapEndpoint(mailbox: MailboxConfig, imap: AppConfig['imap']): Endpoint {
  return resolveEndpoint('imap', mailbox.auth, mailbox.imap, imap);
}

/** An explicit preset wins over the smtp section's host (use provider `generic` to give your own). */
export function smtpEndpoint(smtp: AppConfig['smtp']): Endpoint {
  return resolveEndpoint('smtp', smtp.auth, undefined, smtp);
}

/** The SMTP account's sending limit: the config's, else its provider's, else none. */
export function smtpRateLimit(smtp: AppConfig['smtp']): { max: number; duration: number } | undefined {
  if (smtp.rateLimit) return { max: smtp.rateLimit.max, duration: smtp.rateLimit.durationMs };
  const perMinute = smtp.auth?.type === 'oauth2' ? PRESETS[smtp.auth.provider].smtpPerMinute : undefined;
  return perMinute ? { max: perMinute, duration: 60_000 } : undefined;
}

export interface SignIns {
  mailbox: Map<string, AccountSignIn>;
  smtp: AccountSignIn | undefined;
}

/**
 * Every account's sign-in, checked at start-up: a missing secret is an error naming the
 * variable, not a sign-in failure an hour later. `roles` decides which accounts are needed.
 */
export function createSignIns(
  config: AppConfig,
  needs: { mailboxes: boolean; smtp: boolean },
  redis: Redis,
  keys: RedisKeys,
  logger: Logger,
  env: NodeJS.ProcessEnv = process.env,
): SignIns {
  const problems: string[] = [];
  const accounts: { name: string; auth: MailAuth }[] = [];
  if (needs.mailboxes)
    for (const m of config.mailboxes) accounts.push({ name: m.address, auth: mailboxAuth(m) });
  const smtp = needs.smtp ? smtpAuth(config.smtp, env) : undefined;
  if (smtp) accounts.push({ name: 'smtp', auth: smtp });
  if (smtp?.type === 'oauth2' && !smtp.user)
    problems.push('smtp.auth.user: the address to send as is required with oauth2');
  for (const { name, auth } of accounts)
    for (const variable of missingSecrets(auth, env))
      problems.push(`environment variable ${variable} (${name}) is not set`);
  let store: RefreshTokenStore | undefined;
  if (accounts.some((a) => a.auth.type === 'oauth2' && a.auth.grant === 'refresh_token')) {
    const key = env[config.oauth.tokenKeyEnv];
    if (!key)
      problems.push(
        `environment variable ${config.oauth.tokenKeyEnv} (key that encrypts rotated refresh tokens) is not set`,
      );
    else store = new RedisRefreshTokenStore(redis, keys.oauthRefreshTokens(), new TokenCipher(key));
  }
  if (problems.length > 0) throw new Error(`cannot sign in:\n  ${problems.join('\n  ')}`);
  const deps = {
    env,
    ...(store ? { store } : {}),
    onRotated: (user: string) =>
      logger.info({ user }, 'refresh token rotated; the new one is stored encrypted'),
  };
  const mailbox = new Map<string, AccountSignIn>();
  if (needs.mailboxes)
    for (const m of config.mailboxes) mailbox.set(m.address, createSignIn(mailboxAuth(m), m.address, deps));
  return { mailbox, smtp: smtp ? createSignIn(smtp, smtp.user ?? '', deps) : undefined };
}
