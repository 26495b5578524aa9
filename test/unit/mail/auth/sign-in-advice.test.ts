import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../../../src/mail/auth/sign-in-advice.js';
import { OAuthError } from '../../../../src/mail/auth/token-endpoint.js';

describe('what ops are told about a failing mailbox', () => {
  it('names the AADSTS code of Microsoft and what to do', () => {
    const r = describeFailure(
      new OAuthError(
        'invalid_client',
        'AADSTS7000222: The provided client secret keys for app are expired.',
        true,
      ),
    );
    expect(r).toMatchObject({ signIn: true, code: 'invalid_client AADSTS7000222' });
    expect(r.advice).toMatch(/new secret/);
  });

  it('explains invalid_grant', () => {
    const r = describeFailure(new OAuthError('invalid_grant', 'grant request is invalid', true));
    expect(r).toMatchObject({ signIn: true, code: 'invalid_grant' });
    expect(r.advice).toMatch(/refresh token was revoked or expired/);
  });

  it("reads imapflow's AUTHENTICATIONFAILED", () => {
    const err = Object.assign(new Error('Command failed'), {
      authenticationFailed: true,
      serverResponseCode: 'AUTHENTICATIONFAILED',
      response: 'A1 NO [AUTHENTICATIONFAILED] Authentication failed.',
    });
    const r = describeFailure(err);
    expect(r).toMatchObject({ signIn: true, code: 'AUTHENTICATIONFAILED' });
    expect(r.advice).toMatch(/Add-MailboxPermission/);
  });

  it('keeps network faults apart from sign-in refusals', () => {
    const r = describeFailure(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:993'), { code: 'ECONNREFUSED' }),
    );
    expect(r).toMatchObject({ signIn: false, code: 'ECONNREFUSED' });
    expect(describeFailure(new OAuthError('unreachable', 'fetch failed', false)).signIn).toBe(false);
  });
});
