import type { OAuth2Auth } from '../../config/mail-auth-schema.js';
import { clientAssertion, fingerprint, serviceAccountAssertion } from './jwt.js';
import { resolveOAuth2 } from './provider-presets.js';
import type { RefreshTokenStore } from './refresh-token-store.js';
import { OAuthError, requestToken, type TokenResponse } from './token-endpoint.js';

export interface AccessToken {
  accessToken: string;
  expiresAt: number;
}

/** Hands out access tokens for one account, fetching a new one only when needed. */
export interface AccessTokenSource {
  /** A cached token while it has a safe margin left, else a new one. */
  get(): Promise<AccessToken>;
  /** The server refused the token: the next get() asks for a new one. */
  invalidate(): void;
}

export interface TokenSourceDeps {
  auth: OAuth2Auth;
  /** Login name: the mailbox address unless the config names another. */
  user: string;
  env: NodeJS.ProcessEnv;
  /** Needed for the refresh_token grant (rotated tokens). */
  store?: RefreshTokenStore;
  readFile: (path: string) => string;
  now: () => number;
  /** Told whenever the provider rotated the refresh token (for the log: never the token). */
  onRotated?: () => void;
}

/** Renew when this share of the token's life is left (at most five minutes before expiry). */
const MARGIN_SHARE = 0.25;
const MAX_MARGIN_MS = 5 * 60_000;

export class OAuth2TokenSource implements AccessTokenSource {
  private cached: (AccessToken & { renewAt: number }) | undefined;
  private inFlight: Promise<AccessToken> | undefined;
  private readonly tokenUrl: string;
  private readonly scope: string | undefined;
  /** Names this credential in the token store; holds no secret. */
  readonly credentialId: string;

  constructor(private readonly deps: TokenSourceDeps) {
    const { tokenUrl, scope } = resolveOAuth2(deps.auth);
    this.tokenUrl =
      deps.auth.grant === 'google_service_account' ? (tokenUrl ?? '') : requireDefined(tokenUrl, 'tokenUrl');
    this.scope = scope;
    this.credentialId = `${deps.auth.grant}:${deps.user}:${deps.auth.clientId ?? 'service-account'}`;
  }

  get(): Promise<AccessToken> {
    const now = this.deps.now();
    if (this.cached && now < this.cached.renewAt) return Promise.resolve(this.cached);
    // Several connects at once (IMAP and SMTP, a reconnect storm) share one request.
    this.inFlight ??= this.fetchNew().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  invalidate(): void {
    this.cached = undefined;
  }

  private async fetchNew(): Promise<AccessToken> {
    const issued = await this.request();
    const lifetime = issued.expiresAt - this.deps.now();
    const margin = Math.min(MAX_MARGIN_MS, lifetime * MARGIN_SHARE);
    this.cached = {
      accessToken: issued.accessToken,
      expiresAt: issued.expiresAt,
      renewAt: issued.expiresAt - margin,
    };
    return this.cached;
  }

  private request(): Promise<TokenResponse> {
    const { auth } = this.deps;
    switch (auth.grant) {
      case 'client_credentials':
        return this.post({ grant_type: 'client_credentials', ...this.clientAuth() });
      case 'google_service_account':
        return this.serviceAccount();
      case 'refresh_token':
        return this.refresh();
    }
  }

  private post(form: Record<string, string>): Promise<TokenResponse> {
    return requestToken(
      this.tokenUrl,
      { ...form, ...(this.scope ? { scope: this.scope } : {}) },
      this.deps.now,
    );
  }

  private clientAuth(): Record<string, string> {
    const { auth } = this.deps;
    const clientId = requireDefined(auth.clientId, 'clientId');
    if (auth.clientSecretEnv)
      return { client_id: clientId, client_secret: this.env(auth.clientSecretEnv, 'client secret') };
    const cert = requireDefined(auth.clientCertificate, 'clientCertificate');
    const key = this.deps.readFile(this.env(cert.keyFileEnv, 'certificate key file path'));
    return {
      client_id: clientId,
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: clientAssertion(clientId, this.tokenUrl, cert.thumbprint, key, this.deps.now()),
    };
  }

  private serviceAccount(): Promise<TokenResponse> {
    const auth = this.deps.auth;
    const path = this.env(requireDefined(auth.keyFileEnv, 'keyFileEnv'), 'service account key file path');
    const key = JSON.parse(this.deps.readFile(path)) as {
      client_email?: string;
      private_key?: string;
      private_key_id?: string;
      token_uri?: string;
    };
    if (!key.client_email || !key.private_key)
      throw new OAuthError('invalid_key_file', `${path} has no client_email or private_key`, true);
    const audience = this.tokenUrl || key.token_uri || 'https://oauth2.googleapis.com/token';
    const assertion = serviceAccountAssertion(
      {
        client_email: key.client_email,
        private_key: key.private_key,
        ...(key.private_key_id ? { private_key_id: key.private_key_id } : {}),
      },
      this.deps.user,
      this.scope ?? 'https://mail.google.com/',
      audience,
      this.deps.now(),
    );
    return requestToken(
      audience,
      { grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion },
      this.deps.now,
    );
  }

  /**
   * Uses the newest refresh token (the stored rotation, unless the operator has put a new
   * first token in the environment since), stores a rotated one at once, and does all of it
   * under the store's lock so two processes never spend the same token.
   */
  private async refresh(): Promise<TokenResponse> {
    const store = requireDefined(this.deps.store, 'refresh token store');
    const auth = this.deps.auth;
    const seedToken = this.env(
      requireDefined(auth.refreshTokenEnv, 'refreshTokenEnv'),
      'first refresh token',
    );
    const seed = fingerprint(seedToken);
    return store.exclusive(this.credentialId, async () => {
      const stored = await store.load(this.credentialId);
      const current = stored && stored.seed === seed ? stored.token : seedToken;
      const issued = await this.post({
        grant_type: 'refresh_token',
        refresh_token: current,
        ...this.clientAuth(),
      });
      if (issued.refreshToken && issued.refreshToken !== current) {
        await store.save(this.credentialId, { token: issued.refreshToken, seed });
        this.deps.onRotated?.();
      } else if (!stored || stored.seed !== seed) {
        await store.save(this.credentialId, { token: current, seed });
      }
      return issued;
    });
  }

  private env(name: string, what: string): string {
    const value = this.deps.env[name];
    if (value === undefined || value === '')
      throw new OAuthError('missing_secret', `environment variable ${name} (${what}) is not set`, true);
    return value;
  }
}

function requireDefined<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new OAuthError('invalid_config', `${what} is not configured`, true);
  return value;
}
