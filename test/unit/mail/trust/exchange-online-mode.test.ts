import { describe, expect, it } from 'vitest';
import { senderAuthenticator } from '../../../../src/mail/trust/authenticate-sender.js';
import type { HeaderLine } from '../../../../src/mail/trust/sender-verdict.js';

// The shape Exchange Online delivers: internal hops on top, its own Authentication-Results
// (no authserv-id) above the Received line of the protection server that took the mail.
const internal =
  'Received: from AM0PR01MB1234.eurprd01.prod.exchangelabs.com (2603:10a6:208:1::1) by AM0PR01MB5678.eurprd01.prod.exchangelabs.com with HTTPS; Wed, 2 Dec 2026 09:00:00 +0000';
const boundary =
  'Received: from mail.contoso.com (198.51.100.7) by AM0PEPF0000ABCD.mail.protection.outlook.com (10.167.16.1) with Microsoft SMTP Server id 15.20.1; Wed, 2 Dec 2026 09:00:00 +0000';
const results = (verdicts: string) => `Authentication-Results: ${verdicts}`;
const pass = results(
  'spf=pass (sender IP is 198.51.100.7) smtp.mailfrom=contoso.com; dkim=pass (signature was verified) header.d=contoso.com;dmarc=pass action=none header.from=contoso.com;compauth=pass reason=100',
);

const h = (...lines: string[]): HeaderLine[] =>
  lines.map((line) => ({ key: line.slice(0, line.indexOf(':')).toLowerCase(), line }));
const authenticate = senderAuthenticator({
  mode: 'exchangeOnline',
  authservIds: [],
  boundaryHosts: ['*.mail.protection.outlook.com'],
  dnsServers: [],
  verifyWithoutVerdict: false,
});
const evidence = (headerLines: HeaderLine[], fromAddress = 'anna@contoso.com') => ({
  raw: Buffer.alloc(0),
  headerLines,
  fromAddress,
  fromMailboxes: 1,
});

describe('trust.mode exchangeOnline', () => {
  it('believes dmarc=pass for the From domain above the protection server’s Received line', async () => {
    const verdict = await authenticate(evidence(h(internal, pass, boundary, 'From: anna@contoso.com')));
    expect(verdict).toMatchObject({ authenticated: true, method: 'dmarc', domain: 'contoso.com' });
  });

  it('accepts an explicit compauth pass (reason 1xx) for the From domain', async () => {
    const compauth = results(
      'spf=none smtp.mailfrom=contoso.com; dkim=none; dmarc=none action=none header.from=contoso.com;compauth=pass reason=109',
    );
    const verdict = await authenticate(evidence(h(internal, compauth, boundary, 'From: anna@contoso.com')));
    expect(verdict).toMatchObject({ authenticated: true, method: 'compauth' });
  });

  it('refuses a soft compauth pass (reason 2xx) and a failed one', async () => {
    for (const line of [
      results(
        'spf=none; dkim=none; dmarc=none action=none header.from=contoso.com;compauth=softpass reason=201',
      ),
      results(
        'spf=fail smtp.mailfrom=contoso.com; dkim=none; dmarc=fail action=quarantine header.from=contoso.com;compauth=fail reason=000',
      ),
    ]) {
      expect(
        (await authenticate(evidence(h(internal, line, boundary, 'From: anna@contoso.com')))).authenticated,
      ).toBe(false);
    }
  });

  it('ignores a pass the sender wrote below the boundary', async () => {
    const verdict = await authenticate(evidence(h(internal, boundary, pass, 'From: anna@contoso.com')));
    expect(verdict.authenticated).toBe(false);
  });

  it('ignores a pass for another domain', async () => {
    const verdict = await authenticate(
      evidence(h(internal, pass, boundary, 'From: ceo@fabrikam.com'), 'ceo@fabrikam.com'),
    );
    expect(verdict.authenticated).toBe(false);
  });
});
