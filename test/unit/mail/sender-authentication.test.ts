import { describe, expect, it } from 'vitest';
import type { InboundMail } from '../../../src/mail/inbound-mail.js';
import { senderAuthenticated } from '../../../src/mail/sender-authentication.js';
import { inboundMail } from '../../helpers/inbound-mail.js';

const mail = (from: string, authenticationResults: string[]): InboundMail =>
  inboundMail(from, { subject: '', text: '', headers: { authenticationResults } });

const trust = { authservIds: ['mx.support.example'], assumeAuthenticated: false };

describe('senderAuthenticated', () => {
  it.each([
    ['DMARC pass', 'mx.support.example; dmarc=pass header.from=acme.example', true],
    ['aligned DKIM pass', 'mx.support.example; dkim=pass header.d=acme.example header.s=s1', true],
    ['DKIM by a bare top-level label', 'mx.support.example; dkim=pass header.d=example', false],
    ['DKIM of another domain', 'mx.support.example; dkim=pass header.d=evil.example', false],
    ['SPF pass for the From domain', 'mx.support.example; spf=pass smtp.mailfrom=bounce@acme.example', true],
    ['DMARC fail', 'mx.support.example; dmarc=fail header.from=acme.example', false],
    [
      'a header from a server we do not run',
      'mx.attacker.example; dmarc=pass header.from=acme.example',
      false,
    ],
  ])('%s', (_name, header, expected) => {
    expect(senderAuthenticated(mail('eng@acme.example', [header]), trust)).toBe(expected);
  });

  it('accepts a subdomain sender under an aligned DKIM signature of its organisation', () => {
    const m = mail('eng@mail.acme.example', ['mx.support.example; dkim=pass header.d=acme.example']);
    expect(senderAuthenticated(m, trust)).toBe(true);
  });

  it('treats mail without any Authentication-Results as unauthenticated', () => {
    expect(senderAuthenticated(mail('eng@acme.example', []), trust)).toBe(false);
  });

  it('trusts everyone only when told to (a closed test stack)', () => {
    expect(senderAuthenticated(mail('eng@acme.example', []), { ...trust, assumeAuthenticated: true })).toBe(
      true,
    );
  });
});
