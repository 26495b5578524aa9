import { describe, expect, it } from 'vitest';
import { senderAuthenticator, type TrustSettings } from '../../../../src/mail/trust/authenticate-sender.js';
import { dns, headerLines, message } from './dkim-fixture.js';

// authservIds mode when our MX's DKIM filter was down: Postfix took the mail without a DKIM
// result (OpenDMARC, judging without one, wrote dmarc=fail). `verifyWithoutVerdict` checks it here.
const trust: TrustSettings = {
  mode: 'authservIds',
  authservIds: ['mx.example.test'],
  boundaryHosts: [],
  dnsServers: [],
  verifyWithoutVerdict: true,
};
const dmarcWithoutDkim =
  'Authentication-Results: mx.example.test; dmarc=fail (p=reject dis=none) header.from=example.test';
const dkimNone = 'Authentication-Results: mx.example.test; dkim=none';
const dkimFail = 'Authentication-Results: mx.example.test; dkim=fail (bad signature) header.d=example.test';

/** The mail as delivered: our MX's Authentication-Results above its boundary Received line. */
async function delivered(sign: boolean, resultsField: string): Promise<Buffer> {
  const raw = (await message('customer@example.test', sign)).toString();
  const at = raw.indexOf('Received:');
  return Buffer.from(`${raw.slice(0, at)}${resultsField}\r\n${raw.slice(at)}`);
}

async function check(raw: Buffer, settings: TrustSettings = trust) {
  const authenticate = senderAuthenticator(settings, dns);
  return authenticate({
    raw,
    headerLines: await headerLines(raw),
    fromAddress: 'customer@example.test',
    fromMailboxes: 1,
  });
}

describe('trust.verifyWithoutVerdict (authservIds mode)', () => {
  it('verifies here a signed mail on which our servers wrote no DKIM result', async () => {
    const verdict = await check(await delivered(true, dmarcWithoutDkim));
    expect(verdict).toMatchObject({ authenticated: true, method: 'dmarc', domain: 'example.test' });
    expect(verdict.reason).toBe('DMARC pass (verified here); our servers wrote no DKIM result');
  });

  it('still refuses a signed mail whose body changed, when it verifies here', async () => {
    const raw = (await delivered(true, dmarcWithoutDkim)).toString().replace('Hello', 'Send the money');
    expect(await check(Buffer.from(raw))).toMatchObject({ authenticated: false });
  });

  it('verifies here when our servers could only say temperror', async () => {
    const temperror =
      'Authentication-Results: mx.example.test; dkim=temperror (key query timeout) header.d=example.test';
    expect(await check(await delivered(true, temperror))).toMatchObject({
      authenticated: true,
      method: 'dmarc',
    });
  });

  it('believes our servers when they wrote a DKIM result, even none or fail', async () => {
    expect(await check(await delivered(true, dkimNone))).toMatchObject({ authenticated: false });
    expect(await check(await delivered(true, dkimFail))).toMatchObject({ authenticated: false });
  });

  it('does not look further at an unsigned mail without a DKIM result', async () => {
    const verdict = await check(await delivered(false, dmarcWithoutDkim));
    expect(verdict).toMatchObject({ authenticated: false, reason: 'DMARC fail for example.test' });
  });

  it('is off unless configured: the same signed mail is then unauthenticated', async () => {
    const verdict = await check(await delivered(true, dmarcWithoutDkim), {
      ...trust,
      verifyWithoutVerdict: false,
    });
    expect(verdict).toMatchObject({ authenticated: false, reason: 'DMARC fail for example.test' });
  });
});
