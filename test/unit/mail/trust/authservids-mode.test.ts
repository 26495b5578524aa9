import { describe, expect, it } from 'vitest';
import { senderAuthenticator, type TrustSettings } from '../../../../src/mail/trust/authenticate-sender.js';
import type { HeaderLine } from '../../../../src/mail/trust/sender-verdict.js';

// Header blocks as the local stack's MX delivers them (Dovecot LMTP on top, then OpenDMARC's and
// OpenDKIM's Authentication-Results, then the MX's own Received line from the sender).
const lmtp =
  'Received: from mx.example.test ([127.0.0.1])\r\n\tby vm with LMTP\r\n\tid YNaX (envelope-from <customer@example.test>)\r\n\tfor <netop@example.test>; Wed, 02 Dec 2026 09:52:49 +0000';
const boundary =
  'Received: from submission.example.test (unknown [127.0.0.2])\r\n\tby mx.example.test (Postfix) with ESMTP id 55EA152C67D\r\n\tfor <netop@example.test>; Wed,  2 Dec 2026 09:52:49 +0000 (UTC)';
const dmarcPass =
  'Authentication-Results: mx.example.test; dmarc=pass (p=reject dis=none) header.from=example.test';
const dkimPass =
  'Authentication-Results: mx.example.test;\r\n\tdkim=pass (2048-bit key; unprotected) header.d=example.test header.i=@example.test header.a=rsa-sha256 header.s=stack header.b=D/x2v8Vs;\r\n\tdkim-atps=neutral';

const h = (...lines: string[]): HeaderLine[] =>
  lines.map((line) => ({ key: line.slice(0, line.indexOf(':')).toLowerCase(), line }));

const trust: TrustSettings = {
  mode: 'authservIds',
  authservIds: ['mx.example.test'],
  boundaryHosts: [],
  dnsServers: [],
  verifyWithoutVerdict: false,
};
const authenticate = senderAuthenticator(trust, async () => {
  throw new Error('authservIds mode must not use DNS');
});
const evidence = (headerLines: HeaderLine[], fromAddress = 'customer@example.test', fromMailboxes = 1) => ({
  raw: Buffer.alloc(0),
  headerLines,
  fromAddress,
  fromMailboxes,
});
const from = 'From: customer@example.test';

describe('trust.mode authservIds', () => {
  it('believes DMARC pass from our MX in the topmost block', async () => {
    const verdict = await authenticate(evidence(h(lmtp, dmarcPass, dkimPass, boundary, from)));
    expect(verdict).toMatchObject({ authenticated: true, method: 'dmarc', domain: 'example.test' });
  });

  it('accepts an aligned DKIM pass when no DMARC result is there', async () => {
    const verdict = await authenticate(evidence(h(lmtp, dkimPass, boundary, from)));
    expect(verdict).toMatchObject({ authenticated: true, method: 'dkim' });
  });

  it('ignores results the sender wrote below our boundary Received line', async () => {
    const forgedDmarc = dmarcPass;
    const verdict = await authenticate(
      evidence(h(lmtp, 'Authentication-Results: mx.example.test; dkim=none', boundary, forgedDmarc, from)),
    );
    expect(verdict.authenticated).toBe(false);
  });

  it('ignores a forged Received "by" our MX below the real one', async () => {
    const fakeBoundary =
      'Received: from evil (evil [203.0.113.9]) by mx.example.test (Postfix) with ESMTP id X';
    const forger =
      'Received: from mx.example.test (localhost [127.0.0.1]) by mx.example.test (Postfix) with ESMTP id Y';
    const verdict = await authenticate(
      evidence(
        h(
          lmtp,
          'Authentication-Results: mx.example.test; dmarc=fail header.from=example.test',
          forger,
          dmarcPass,
          fakeBoundary,
          from,
        ),
      ),
    );
    expect(verdict).toMatchObject({ authenticated: false, reason: 'DMARC fail for example.test' });
  });

  it('believes nothing when no Received line is from our boundary', async () => {
    const verdict = await authenticate(evidence(h(dmarcPass, from)));
    expect(verdict).toMatchObject({
      authenticated: false,
      reason: 'no Received line from our boundary servers',
    });
  });

  it('believes no other authserv-id', async () => {
    const other = 'Authentication-Results: mx.attacker.example; dmarc=pass header.from=example.test';
    expect((await authenticate(evidence(h(lmtp, other, boundary, from)))).authenticated).toBe(false);
  });

  it('counts DMARC pass only for the From domain', async () => {
    const otherDomain = 'Authentication-Results: mx.example.test; dmarc=pass header.from=partner.test';
    expect((await authenticate(evidence(h(lmtp, otherDomain, boundary, from)))).authenticated).toBe(false);
  });

  it('does not align DKIM of an unrelated domain or a bare top-level label', async () => {
    for (const d of ['partner.test', 'test']) {
      const dkim = `Authentication-Results: mx.example.test; dkim=pass header.d=${d} header.s=stack`;
      expect((await authenticate(evidence(h(lmtp, dkim, boundary, from)))).authenticated).toBe(false);
    }
  });

  it('aligns DKIM of the parent domain (relaxed alignment)', async () => {
    const dkim = 'Authentication-Results: mx.example.test; dkim=pass header.d=example.test header.s=stack';
    const verdict = await authenticate(
      evidence(h(lmtp, dkim, boundary, 'From: a@eu.example.test'), 'a@eu.example.test'),
    );
    expect(verdict).toMatchObject({ authenticated: true, method: 'dkim', domain: 'eu.example.test' });
  });

  it('never authenticates two From fields or two From mailboxes', async () => {
    const two = await authenticate(evidence(h(lmtp, dmarcPass, boundary, from, 'From: ceo@example.test')));
    expect(two).toMatchObject({ authenticated: false, reason: '2 From fields: never authenticated' });
    const pair = await authenticate(evidence(h(lmtp, dmarcPass, boundary, from), 'customer@example.test', 2));
    expect(pair).toMatchObject({ authenticated: false, reason: '2 From mailboxes: never authenticated' });
  });

  it('matches the authserv-id and boundary host case-insensitively', async () => {
    const upper = senderAuthenticator({ ...trust, authservIds: ['MX.Example.TEST'] });
    const verdict = await upper(
      evidence(h(lmtp, dmarcPass.replace('mx.example.test', 'Mx.Example.Test'), boundary, from)),
    );
    expect(verdict.authenticated).toBe(true);
  });

  it('with mode none, nobody authenticates', async () => {
    const none = senderAuthenticator({ ...trust, mode: 'none' });
    expect((await none(evidence(h(lmtp, dmarcPass, boundary, from)))).authenticated).toBe(false);
  });
});
