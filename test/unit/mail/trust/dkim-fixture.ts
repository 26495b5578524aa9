import { generateKeyPairSync } from 'node:crypto';
import { dkimSign } from 'mailauth';
import { simpleParser } from 'mailparser';
import type { HeaderLine } from '../../../../src/mail/trust/sender-verdict.js';

// Signed and unsigned mails as our MX delivers them, and DNS answered from a table instead of a server.
const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privateKey = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const publicKey = keys.publicKey;
const publicDer = publicKey.export({ type: 'spki', format: 'der' }).toString('base64');

export function zone(records: Record<string, string[]>) {
  return async (name: string, rrtype: string): Promise<string[][]> => {
    const found = records[`${rrtype} ${name.toLowerCase()}`];
    if (!found) throw Object.assign(new Error(`no ${rrtype} ${name}`), { code: 'ENOTFOUND' });
    return found.map((r) => [r]);
  };
}
export const dns = zone({
  'TXT stack._domainkey.example.test': [`v=DKIM1; k=rsa; p=${publicDer}`],
  'TXT _dmarc.example.test': ['v=DMARC1; p=reject'],
  'TXT example.test': ['v=spf1 ip4:127.0.0.2 -all'],
});

export const boundary = (ip: string) =>
  `Received: from sender.example.test (unknown [${ip}])\r\n\tby mx.example.test (Postfix) with ESMTP id 1; Wed,  2 Dec 2026 09:52:49 +0000`;

export async function message(from: string, sign: boolean, ip = '127.0.0.1'): Promise<Buffer> {
  const body = `From: ${from}\r\nTo: netop@example.test\r\nSubject: Help\r\nMessage-ID: <a@example.test>\r\n\r\nHello\r\n`;
  let signature = '';
  if (sign) {
    // mailauth signs from `signatureData`; its typings also want the fields at the top.
    const key = { signingDomain: 'example.test', selector: 'stack', privateKey };
    const signed = await dkimSign(body, {
      ...key,
      canonicalization: 'relaxed/relaxed',
      signatureData: [key],
    });
    signature = `${signed.signatures.trimEnd()}\r\n`;
  }
  return Buffer.from(`Return-Path: <${from}>\r\n${boundary(ip)}\r\n${signature}${body}`);
}

export async function headerLines(raw: Buffer): Promise<HeaderLine[]> {
  return [...(await simpleParser(raw)).headerLines];
}
