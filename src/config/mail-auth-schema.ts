import { z } from 'zod';

/** Secrets never live in files: config names the environment variable that holds them. */
export const envName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, 'an environment variable name such as IMAP_PASSWORD');

export const PROVIDERS = ['microsoft365', 'google', 'generic'] as const;
export type Provider = (typeof PROVIDERS)[number];

export const GRANTS = ['client_credentials', 'refresh_token', 'google_service_account'] as const;
export type Grant = (typeof GRANTS)[number];

const passwordAuthSchema = z
  .object({
    type: z.literal('password'),
    /** Login name; defaults to the mailbox address (or the SMTP user). */
    user: z.string().min(1).optional(),
    passwordEnv: envName,
  })
  .strict();

/**
 * OAuth2 sign-in (SASL XOAUTH2) for IMAP or SMTP. `provider` fills what the provider fixes
 * (token URL from `tenantId`, scope); `generic` needs `tokenUrl` spelled out.
 */
const oauth2AuthSchema = z
  .object({
    type: z.literal('oauth2'),
    provider: z.enum(PROVIDERS).default('generic'),
    grant: z.enum(GRANTS),
    /** Login name; defaults to the mailbox address. Google: also the `sub` of the delegation. */
    user: z.string().min(1).optional(),
    /** Microsoft 365: the directory (tenant) ID or its domain; gives the token URL. */
    tenantId: z.string().min(1).optional(),
    tokenUrl: z.url().optional(),
    clientId: z.string().min(1).optional(),
    /** client_credentials and refresh_token: the client secret. */
    clientSecretEnv: envName.optional(),
    /** client_credentials with a certificate instead of a secret (Microsoft 365). */
    clientCertificate: z
      .object({
        /** Environment variable holding the path of the PEM private key. */
        keyFileEnv: envName,
        /** SHA-1 thumbprint of the certificate as Entra shows it (hex). */
        thumbprint: z.string().regex(/^[0-9A-Fa-f]{40}$/, '40 hex digits'),
      })
      .strict()
      .optional(),
    /** refresh_token: the first refresh token; rotated ones are stored encrypted and used after it. */
    refreshTokenEnv: envName.optional(),
    /** google_service_account: environment variable holding the path of the JSON key file. */
    keyFileEnv: envName.optional(),
    /** Space-separated; the provider's default when omitted. */
    scope: z.string().min(1).optional(),
  })
  .strict()
  .superRefine((auth, ctx) => {
    const need = (key: keyof typeof auth, why: string): void => {
      if (auth[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `required ${why}` });
    };
    if (auth.grant === 'google_service_account') {
      need('keyFileEnv', 'for the google_service_account grant');
      return;
    }
    need('clientId', `for the ${auth.grant} grant`);
    if (auth.provider === 'microsoft365' && auth.tokenUrl === undefined)
      need('tenantId', 'for microsoft365 (or give tokenUrl)');
    if (auth.provider === 'generic') need('tokenUrl', 'for the generic provider');
    if (auth.grant === 'refresh_token') {
      need('refreshTokenEnv', 'for the refresh_token grant');
      need('clientSecretEnv', 'for the refresh_token grant');
    }
    if (auth.grant === 'client_credentials' && !auth.clientSecretEnv && !auth.clientCertificate)
      ctx.addIssue({
        code: 'custom',
        path: ['clientSecretEnv'],
        message: 'client_credentials needs clientSecretEnv or clientCertificate',
      });
  });

export const mailAuthSchema = z.discriminatedUnion('type', [passwordAuthSchema, oauth2AuthSchema]);
export type MailAuth = z.output<typeof mailAuthSchema>;
export type OAuth2Auth = Extract<MailAuth, { type: 'oauth2' }>;

/** Where one mailbox's IMAP server is, when it is not the `imap` section's (presets fill it). */
export const endpointSchema = z
  .object({
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535),
    secure: z.boolean(),
  })
  .strict();

/** Sending limit of one SMTP account, enforced by the notify queue's limiter. */
export const rateLimitSchema = z
  .object({
    max: z.number().int().positive(),
    durationMs: z.number().int().positive(),
  })
  .strict();

/** Mailbox health and the alert when one cannot sign in or fetch. */
export const healthSchema = z
  .object({
    /** A mailbox down this long raises one ops alert; fractions allowed (tests). */
    mailboxDownAlertMinutes: z.number().positive(),
  })
  .strict();

/** Where rotated refresh tokens are kept, and the key they are encrypted with. */
export const oauthStoreSchema = z
  .object({
    /** Environment variable holding the AES-256 key (64 hex digits or 44 base64 characters). */
    tokenKeyEnv: envName,
  })
  .strict();
