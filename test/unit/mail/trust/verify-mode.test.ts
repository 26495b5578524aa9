import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { SourceReadError } from '../../../../src/mail/source-read-error.js';
import { MAX_DKIM_SIGNATURES, senderAuthenticator } from '../../../../src/mail/trust/authenticate-sender.js';
import { dns, headerLines, message } from './dkim-fixture.js';

const authenticate = senderAuthenticator(
  {
    mode: 'verify',
    authservIds: ['mx.example.test'],
    boundaryHosts: [],
    dnsServers: [],
    verifyWithoutVerdict: false,
  },
  dns,
);
const check = async (raw: Buffer, from = 'customer@example.test') =>
  authenticate({ raw, headerLines: await headerLines(raw), fromAddress: from, fromMailboxes: 1 });

describe('trust.mode verify', () => {
  it('authenticates a DKIM-signed mail by DMARC', async () => {
    const verdict = await check(await message('customer@example.test', true));
    expect(verdict).toMatchObject({
      authenticated: true,
      method: 'dmarc',
      domain: 'example.test',
    });
  });

  it('authenticates by SPF when the boundary recorded the allowed client IP', async () => {
    expect(await check(await message('customer@example.test', false, '127.0.0.2'))).toMatchObject({
      authenticated: true,
      method: 'dmarc',
    });
  });

  it('refuses an unsigned mail from a forbidden client IP', async () => {
    const verdict = await check(await message('customer@example.test', false, '127.0.0.1'));
    expect(verdict).toMatchObject({
      authenticated: false,
      reason: 'DMARC fail for example.test (verified here)',
    });
  });

  it('refuses a signed mail whose body was changed on the way', async () => {
    const raw = (await message('customer@example.test', true)).toString().replace('Hello', 'Send the money');
    expect((await check(Buffer.from(raw))).authenticated).toBe(false);
  });

  it('says why when DNS fails', async () => {
    const broken = senderAuthenticator(
      {
        mode: 'verify',
        authservIds: [],
        boundaryHosts: ['mx.example.test'],
        dnsServers: [],
        verifyWithoutVerdict: false,
      },
      async () => {
        throw Object.assign(new Error('timeout'), { code: 'ETIMEOUT' });
      },
    );
    const raw = await message('customer@example.test', true);
    const verdict = await broken({
      raw,
      headerLines: await headerLines(raw),
      fromAddress: 'customer@example.test',
      fromMailboxes: 1,
    });
    expect(verdict.authenticated).toBe(false);
  });

  it('verifies a large mail read again as a stream, never whole in memory', async () => {
    const raw = await message('customer@example.test', true);
    // In small chunks, as IMAP partial fetches deliver a large mail.
    const chunks = Array.from({ length: Math.ceil(raw.length / 64) }, (_, i) =>
      raw.subarray(i * 64, i * 64 + 64),
    );
    const verdict = await authenticate({
      raw: async () => Readable.from(chunks),
      headerLines: await headerLines(raw),
      fromAddress: 'customer@example.test',
      fromMailboxes: 1,
    });
    expect(verdict).toMatchObject({ authenticated: true, method: 'dmarc' });
  });

  it('throws when the stream breaks off: a connection failure says nothing about the sender', async () => {
    const raw = await message('customer@example.test', true);
    const broken = async (): Promise<Readable> =>
      new Readable({
        read() {
          this.push(raw.subarray(0, 100));
          this.destroy(new Error('connection reset'));
        },
      });
    const attempt = authenticate({
      raw: broken,
      headerLines: await headerLines(raw),
      fromAddress: 'customer@example.test',
      fromMailboxes: 1,
    });
    await expect(attempt).rejects.toBeInstanceOf(SourceReadError);
  });

  it('does not check a mail with more DKIM signatures than a verifier should try', async () => {
    const raw = await message('customer@example.test', true);
    const signature = raw.toString().match(/DKIM-Signature:[\s\S]*?(?=\r\nFrom:)/)?.[0] ?? '';
    expect(signature).not.toBe('');
    const many = Buffer.from(
      raw.toString().replace(
        signature,
        Array(MAX_DKIM_SIGNATURES + 1)
          .fill(signature)
          .join('\r\n'),
      ),
    );
    expect(await check(many)).toMatchObject({
      authenticated: false,
      reason: `${MAX_DKIM_SIGNATURES + 1} DKIM signatures: more than ${MAX_DKIM_SIGNATURES} are not checked`,
    });
  });
});
