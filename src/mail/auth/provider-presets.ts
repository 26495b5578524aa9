import type { OAuth2Auth, Provider } from '../../config/mail-auth-schema.js';

export interface Endpoint {
  host: string;
  port: number;
  secure: boolean;
}

interface Preset {
  imap?: Endpoint;
  smtp?: Endpoint;
  /** Mails a minute one account may send, when the provider enforces a limit. */
  smtpPerMinute?: number;
  tokenUrl?(tenantId: string | undefined): string;
  scope(grant: OAuth2Auth['grant']): string | undefined;
}

/**
 * What each provider fixes. Microsoft 365 app-only tokens carry the `.default` scope of
 * Exchange Online; delegated ones name IMAP and SMTP and ask for a refresh token. Google's one
 * scope covers IMAP and SMTP.
 */
export const PRESETS: Record<Provider, Preset> = {
  microsoft365: {
    imap: { host: 'outlook.office365.com', port: 993, secure: true },
    smtp: { host: 'smtp.office365.com', port: 587, secure: false },
    smtpPerMinute: 30,
    tokenUrl: (tenant) =>
      `https://login.microsoftonline.com/${encodeURIComponent(tenant ?? 'common')}/oauth2/v2.0/token`,
    scope: (grant) =>
      grant === 'client_credentials'
        ? 'https://outlook.office365.com/.default'
        : 'https://outlook.office.com/IMAP.AccessAsUser.All https://outlook.office.com/SMTP.Send offline_access',
  },
  google: {
    imap: { host: 'imap.gmail.com', port: 993, secure: true },
    smtp: { host: 'smtp.gmail.com', port: 465, secure: true },
    tokenUrl: () => 'https://oauth2.googleapis.com/token',
    scope: () => 'https://mail.google.com/',
  },
  generic: {
    scope: () => undefined,
  },
};

/** The token URL and scope an OAuth2 sign-in uses, after the preset filled what was left out. */
export function resolveOAuth2(auth: OAuth2Auth): { tokenUrl: string | undefined; scope: string | undefined } {
  const preset = PRESETS[auth.provider];
  return {
    tokenUrl: auth.tokenUrl ?? preset.tokenUrl?.(auth.tenantId),
    scope: auth.scope ?? preset.scope(auth.grant),
  };
}

/** The IMAP or SMTP server of an account: what the config says, else its provider's, else the fallback. */
export function resolveEndpoint(
  kind: 'imap' | 'smtp',
  auth: { type: string; provider?: Provider } | undefined,
  explicit: Endpoint | undefined,
  fallback: Endpoint,
): Endpoint {
  const preset = auth?.type === 'oauth2' && auth.provider ? PRESETS[auth.provider][kind] : undefined;
  const { host, port, secure } = explicit ?? preset ?? fallback;
  return { host, port, secure };
}
