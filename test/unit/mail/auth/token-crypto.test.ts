import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { clientAssertion, serviceAccountAssertion } from '../../../../src/mail/auth/jwt.js';
import { TokenCipher } from '../../../../src/mail/auth/refresh-token-store.js';

const KEY = 'a'.repeat(64);
const THUMBPRINT = `${'00'.repeat(19)}ff`;

describe('refresh tokens at rest', () => {
  it('are sealed with AES-256-GCM: unreadable, bound to their credential, opened with the key', () => {
    const cipher = new TokenCipher(KEY);
    const sealed = cipher.encrypt('rt-secret-value', 'refresh_token:oauth@example.test:client');
    expect(sealed).not.toContain('rt-secret-value');
    expect(cipher.decrypt(sealed, 'refresh_token:oauth@example.test:client')).toBe('rt-secret-value');
    expect(() => cipher.decrypt(sealed, 'refresh_token:other@example.test:client')).toThrow();
    expect(() =>
      new TokenCipher('b'.repeat(64)).decrypt(sealed, 'refresh_token:oauth@example.test:client'),
    ).toThrow();
    expect(cipher.encrypt('same', 'id')).not.toBe(cipher.encrypt('same', 'id'));
  });

  it('refuses a key that is not 32 bytes', () => {
    expect(() => new TokenCipher('short')).toThrow(/32 bytes/);
    expect(new TokenCipher(Buffer.alloc(32, 7).toString('base64'))).toBeInstanceOf(TokenCipher);
  });
});

describe('signed assertions', () => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const parts = (jwt: string) => {
    const [h, c, s] = jwt.split('.') as [string, string, string];
    const ok = verify('RSA-SHA256', Buffer.from(`${h}.${c}`), publicKey, Buffer.from(s, 'base64url'));
    return {
      ok,
      header: JSON.parse(Buffer.from(h, 'base64url').toString()),
      claims: JSON.parse(Buffer.from(c, 'base64url').toString()),
    };
  };

  it('Google service account: RS256, sub = the mailbox, the mail scope, one hour', () => {
    const at = Date.UTC(2026, 11, 2, 8, 0, 0);
    const jwt = parts(
      serviceAccountAssertion(
        { client_email: 'sa@p.iam.gserviceaccount.com', private_key: pem, private_key_id: 'k1' },
        'support@example.com',
        'https://mail.google.com/',
        'https://oauth2.googleapis.com/token',
        at,
      ),
    );
    expect(jwt.ok).toBe(true);
    expect(jwt.header).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'k1' });
    expect(jwt.claims).toEqual({
      iss: 'sa@p.iam.gserviceaccount.com',
      sub: 'support@example.com',
      scope: 'https://mail.google.com/',
      aud: 'https://oauth2.googleapis.com/token',
      iat: at / 1000,
      exp: at / 1000 + 3600,
    });
  });

  it('Microsoft 365 certificate: names the certificate by its thumbprint (x5t)', () => {
    const jwt = parts(
      clientAssertion(
        'client-id',
        'https://login.microsoftonline.com/t/oauth2/v2.0/token',
        THUMBPRINT,
        pem,
        0,
      ),
    );
    expect(jwt.ok).toBe(true);
    expect(Buffer.from(jwt.header.x5t, 'base64url').toString('hex')).toBe(THUMBPRINT);
    expect(jwt.claims).toMatchObject({ iss: 'client-id', sub: 'client-id', exp: 600 });
  });
});
