import { describe, expect, it } from 'vitest';
import { appConfigSchema } from '../../../../src/config/app-config-schema.js';
import { loadAppConfig } from '../../../../src/config/load-app-config.js';
import { loadEverything } from '../../../../src/config/load-everything.js';
import { mailAuthSchema } from '../../../../src/config/mail-auth-schema.js';
import { resolveOAuth2 } from '../../../../src/mail/auth/provider-presets.js';
import { imapEndpoint, smtpEndpoint, smtpRateLimit } from '../../../../src/mail/auth/sign-ins.js';

const problems = (value: unknown): string[] => {
  const r = mailAuthSchema.safeParse(value);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('mailbox sign-in configuration', () => {
  it('accepts the three grants with what each needs', () => {
    expect(
      problems({
        type: 'oauth2',
        provider: 'microsoft365',
        grant: 'client_credentials',
        tenantId: 'contoso.onmicrosoft.com',
        clientId: 'c',
        clientSecretEnv: 'M365_SECRET',
      }),
    ).toEqual([]);
    expect(
      problems({
        type: 'oauth2',
        grant: 'refresh_token',
        tokenUrl: 'http://127.0.0.1:9400/token',
        clientId: 'c',
        clientSecretEnv: 'S',
        refreshTokenEnv: 'R',
      }),
    ).toEqual([]);
    expect(
      problems({
        type: 'oauth2',
        provider: 'google',
        grant: 'google_service_account',
        keyFileEnv: 'GOOGLE_KEY_FILE',
      }),
    ).toEqual([]);
    expect(problems({ type: 'password', passwordEnv: 'IMAP_PASSWORD' })).toEqual([]);
  });

  it('names each missing piece', () => {
    expect(problems({ type: 'oauth2', grant: 'refresh_token', clientId: 'c' })).toEqual([
      'tokenUrl: required for the generic provider',
      'refreshTokenEnv: required for the refresh_token grant',
      'clientSecretEnv: required for the refresh_token grant',
    ]);
    expect(
      problems({ type: 'oauth2', provider: 'microsoft365', grant: 'client_credentials', clientId: 'c' }),
    ).toEqual([
      'tenantId: required for microsoft365 (or give tokenUrl)',
      'clientSecretEnv: client_credentials needs clientSecretEnv or clientCertificate',
    ]);
    expect(problems({ type: 'oauth2', grant: 'google_service_account' })).toEqual([
      'keyFileEnv: required for the google_service_account grant',
    ]);
    expect(
      problems({ type: 'oauth2', grant: 'client_credentials', clientId: 'c', clientSecret: 'inline' })[0],
    ).toMatch(/clientSecret/);
  });

  it('keeps passwordEnv working and wants exactly one of passwordEnv and auth', () => {
    const base = loadAppConfig('config/local.yaml').config;
    const both = {
      ...base,
      mailboxes: [
        {
          address: 'a@example.test',
          policy: 'netop',
          passwordEnv: 'P',
          auth: { type: 'password', passwordEnv: 'P' },
        },
      ],
    };
    const none = { ...base, mailboxes: [{ address: 'a@example.test', policy: 'netop' }] };
    expect(appConfigSchema.safeParse(both).success).toBe(false);
    expect(appConfigSchema.safeParse(none).success).toBe(false);
    expect(base.mailboxes.every((m) => m.passwordEnv === 'IMAP_PASSWORD' || m.auth)).toBe(true);
  });
});

describe('provider presets', () => {
  const m365 = mailAuthSchema.parse({
    type: 'oauth2',
    provider: 'microsoft365',
    grant: 'client_credentials',
    tenantId: 'contoso.onmicrosoft.com',
    clientId: 'c',
    clientSecretEnv: 'S',
  });
  const google = mailAuthSchema.parse({
    type: 'oauth2',
    provider: 'google',
    grant: 'google_service_account',
    keyFileEnv: 'K',
  });
  const imap = { host: '127.0.0.1', port: 1143, secure: false };

  it('fill token URL, scope and servers', () => {
    if (m365.type !== 'oauth2' || google.type !== 'oauth2') throw new Error('parsed as oauth2');
    expect(resolveOAuth2(m365)).toEqual({
      tokenUrl: 'https://login.microsoftonline.com/contoso.onmicrosoft.com/oauth2/v2.0/token',
      scope: 'https://outlook.office365.com/.default',
    });
    expect(resolveOAuth2(google).scope).toBe('https://mail.google.com/');
    const mailbox = { address: 'support@contoso.com', policy: 'netop', folder: 'INBOX', auth: m365 };
    expect(imapEndpoint(mailbox, { ...imap } as never)).toEqual({
      host: 'outlook.office365.com',
      port: 993,
      secure: true,
    });
    expect(
      imapEndpoint({ ...mailbox, imap: { host: 'imap.local', port: 143, secure: false } }, imap as never)
        .host,
    ).toBe('imap.local');
    expect(
      imapEndpoint(
        { address: 'a@b.test', policy: 'netop', folder: 'INBOX', passwordEnv: 'P' },
        imap as never,
      ),
    ).toEqual(imap);
  });

  it('gives Microsoft 365 SMTP its 30 mails a minute unless the config says otherwise', () => {
    const smtp = { host: '127.0.0.1', port: 587, secure: false, pool: 5 };
    expect(smtpRateLimit({ ...smtp, auth: m365 })).toEqual({ max: 30, duration: 60_000 });
    expect(smtpEndpoint({ ...smtp, auth: m365 })).toEqual({
      host: 'smtp.office365.com',
      port: 587,
      secure: false,
    });
    expect(smtpRateLimit({ ...smtp, auth: m365, rateLimit: { max: 5, durationMs: 1000 } })).toEqual({
      max: 5,
      duration: 1000,
    });
    expect(smtpRateLimit(smtp)).toBeUndefined();
    expect(smtpEndpoint(smtp)).toEqual({ host: '127.0.0.1', port: 587, secure: false });
  });
});

describe('the shipped examples', () => {
  // What `support-intake check-config --config FILE` runs, in-process.
  it.each(['microsoft365', 'google-workspace'])('config/examples/%s.yaml passes check-config', (name) => {
    const loaded = loadEverything(`config/examples/${name}.yaml`);
    expect(loaded.config.mailboxes[0]?.auth?.type).toBe('oauth2');
    expect(loaded.config.smtp.auth?.type).toBe('oauth2');
  });
});
