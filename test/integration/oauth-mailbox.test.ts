import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailAuthSchema } from '../../src/config/mail-auth-schema.js';
import { createSignIn } from '../../src/mail/auth/account-sign-in.js';
import { SmtpSender } from '../../src/mail/smtp-sender.js';
import { STACK, sendMail, submitMail, uniqueId, waitForMail } from '../helpers/local-stack.js';
import {
  addOAuthMailbox,
  firstRefreshToken,
  kick,
  OAUTH,
  oauthMailboxYaml,
  passwordLogin,
  putClient,
  refreshLog,
  sha256,
} from '../helpers/oauth-stack.js';
import { startTestDaemon, type TestDaemon } from '../helpers/test-daemon.js';

/**
 * A mailbox Dovecot opens only with a bearer token from the stack's authorization server
 * (60-second tokens, refresh tokens rotated on every use), read with the refresh_token grant.
 */
describe('OAuth2 mailbox (refresh_token grant, rotation)', () => {
  const id = uniqueId();
  const mailbox = `oauth-${id}@example.test`;
  const clientId = `si-${id}`;
  const env = { secret: `OAUTH_SECRET_${id.toUpperCase()}`, refreshToken: `OAUTH_RT_${id.toUpperCase()}` };
  let seed: string;
  let d: TestDaemon;

  const ask = async (subject: string): Promise<void> => {
    const messageId = await sendMail({
      from: d.addresses.customer,
      to: mailbox,
      subject,
      text: 'Hello,\n\nfcli show hostgroups segfaults on FastNetMon Advanced 1.2.8.\n\nThanks, Casey',
    });
    // Within 30 s even right after a reconnect with a new token.
    const [ack] = await waitForMail(d.addresses.customer, (m) => m.inReplyTo === messageId, {
      timeoutMs: 30_000,
    });
    expect(ack?.subject).toMatch(new RegExp(`^Re: \\[FNM-\\d+\\] ${subject}`));
  };

  /** Every refresh token the daemon presented was accepted and presented once. */
  const expectNoTokenSpentTwice = async (): Promise<string[]> => {
    const log = await refreshLog(clientId);
    expect(log.map((entry) => entry.status)).toEqual(log.map(() => 200));
    expect(new Set(log.map((entry) => entry.sha256)).size).toBe(log.length);
    return log.map((entry) => entry.sha256);
  };

  beforeAll(async () => {
    await addOAuthMailbox(mailbox);
    await putClient(clientId, `secret-${id}`, mailbox);
    seed = await firstRefreshToken(clientId, mailbox);
    process.env[env.secret] = `secret-${id}`;
    process.env[env.refreshToken] = seed;
    process.env.OAUTH_TOKEN_KEY = 'ab'.repeat(32);
    d = await startTestDaemon({
      extraMailboxes: [oauthMailboxYaml(mailbox, 'fastnetmon', 'refresh_token', clientId, env)],
    });
  });
  afterAll(async () => {
    await d?.dispose();
  });

  it('refuses a password sign-in to the mailbox', async () => {
    expect(await passwordLogin(mailbox)).toBe('AUTHENTICATIONFAILED');
  });

  it('sends through submission with XOAUTH2 (the same token check), never with a password', async () => {
    const auth = mailAuthSchema.parse({
      type: 'oauth2',
      grant: 'client_credentials',
      tokenUrl: OAUTH.tokenUrl,
      clientId,
      clientSecretEnv: env.secret,
      user: mailbox,
    });
    const sender = new SmtpSender(
      { ...STACK.submission, secure: false, pool: 1, auth },
      createSignIn(auth, mailbox, { env: process.env }),
    );
    const subject = `sent with a token ${id}`;
    try {
      await sender.send({
        from: mailbox,
        to: [d.addresses.engineer],
        subject,
        text: 'hello',
        html: '<p>hello</p>',
        messageId: `<xoauth2-${id}@example.test>`,
        autoReply: false,
      });
    } finally {
      sender.close();
    }
    await waitForMail(d.addresses.engineer, (m) => m.subject === subject);
    await expect(
      submitMail({ from: mailbox, to: d.addresses.engineer, subject: 'password', text: 'x' }),
    ).rejects.toThrow(/authentication failed|535/i);
  });

  it('acknowledges a mail that came in through OAuth2 sign-in', async () => {
    await ask(`fcli crashes ${id} first`);
    const presented = await expectNoTokenSpentTwice();
    expect(presented[0]).toBe(sha256(seed));
  });

  it('keeps the rotated refresh token across a restart and never sends a spent one', async () => {
    await d.restart();
    await ask(`fcli crashes ${id} after restart`);
    const presented = await expectNoTokenSpentTwice();
    expect(presented.length).toBeGreaterThanOrEqual(2);
    // The seed from the environment was used once; after the restart the stored rotation was.
    expect(presented.filter((h) => h === sha256(seed))).toHaveLength(1);
    const stored = await d.redis.hgetall(`{${d.prefix}}:oauth-refresh-tokens`);
    expect(Object.keys(stored)).toEqual([`refresh_token:${mailbox}:${clientId}`]);
    expect(Object.values(stored)[0]).toMatch(/^v1:/);
    expect(JSON.stringify(stored)).not.toContain(seed);
  }, 60_000);

  it('answers within 30 s after the token expired and the session was kicked', async () => {
    // Tokens live 60 s on the local stack; the daemon's current one was taken at the restart.
    await new Promise((r) => setTimeout(r, 61_000));
    const before = (await refreshLog(clientId)).length;
    await kick(mailbox);
    await ask(`fcli crashes ${id} after kick`);
    // The reconnect took a new token (and so rotated the refresh token once more).
    expect((await expectNoTokenSpentTwice()).length).toBeGreaterThan(before);
  }, 120_000);
});
