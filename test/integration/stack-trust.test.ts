import { authenticate } from 'mailauth';
import type { ParsedMail } from 'mailparser';
import { simpleParser } from 'mailparser';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  addMailboxes,
  deliverToMx,
  readSources,
  STACK,
  stackDnsResolver,
  submitMail,
  uniqueId,
  waitForMail,
} from '../helpers/local-stack.js';

// The stack models how mail really arrives (scripts/stack): the MX takes anything and writes
// its own verdicts; submission takes only authenticated senders and DKIM-signs their mail.
// The daemon's trust modes rest on both, so this proves the stack itself, with no daemon.

const id = uniqueId();
const desk = `trust-${id}@example.test`;
const customer = 'customer@example.test';
const reseller = 'reseller@partner.test';

/** The Authentication-Results fields the MX wrote (our authserv-id), unfolded. */
function mxVerdicts(mail: ParsedMail): string[] {
  return mail.headerLines
    .filter((h) => h.key === 'authentication-results')
    .map((h) =>
      h.line
        .replace(/^[^:]*:/, '')
        .replace(/\s+/g, ' ')
        .trim(),
    )
    .filter((v) => v.split(';')[0]?.trim().toLowerCase() === STACK.authservId);
}

/** The raw message whose subject is `subject`, as delivered into the desk. */
async function delivered(subject: string): Promise<{ source: Buffer; mail: ParsedMail }> {
  await waitForMail(desk, (m) => m.subject === subject);
  for (const source of await readSources(desk)) {
    const mail = await simpleParser(source);
    if (mail.subject === subject) return { source, mail };
  }
  throw new Error(`${subject} vanished from ${desk}`);
}

/** What a receiver running mailauth against the stack's DNS concludes. */
async function mailauthVerdict(source: Buffer, ip: string, sender: string) {
  const result = await authenticate(source, {
    ip,
    sender,
    helo: 'client.example.test',
    mta: STACK.authservId,
    resolver: stackDnsResolver(),
    disableArc: true,
    disableBimi: true,
  });
  return {
    dkim: result.dkim.results.map((r) => `${r.status.result}:${r.signingDomain}`),
    spf: result.spf === false ? 'none' : result.spf.status.result,
    dmarc: result.dmarc === false ? 'none' : result.dmarc.status.result,
  };
}

describe('local stack trust model', () => {
  beforeAll(async () => {
    await addMailboxes(desk);
  });

  it('signs submitted mail for the login domain and the MX verifies it', async () => {
    const subjects = { customer: `genuine ${id}`, reseller: `genuine partner ${id}` };
    await submitMail({ from: customer, to: desk, subject: subjects.customer, text: 'hello' });
    await submitMail({
      from: `Reseller <${reseller}>`,
      to: desk,
      subject: subjects.reseller,
      text: 'hello',
    });

    const { source, mail } = await delivered(subjects.customer);
    const signatures = mail.headerLines.filter((h) => h.key === 'dkim-signature');
    expect(signatures).toHaveLength(1);
    expect(signatures[0]?.line).toMatch(/\bd=example\.test;\s+s=stack;/);
    const verdicts = mxVerdicts(mail).join(' | ');
    expect(verdicts).toMatch(/\bdkim=pass\b[^|]*header\.d=example\.test/);
    expect(verdicts).toMatch(/\bdmarc=pass\b[^|]*header\.from=example\.test/);
    // The daemon's own check (mailauth) agrees, resolving through the stack's DNS; SPF passes
    // because submitted mail reaches the MX from the one address the SPF record allows.
    expect(await mailauthVerdict(source, STACK.senderMtaAddress, customer)).toEqual({
      dkim: ['pass:example.test'],
      spf: 'pass',
      dmarc: 'pass',
    });

    const partner = await delivered(subjects.reseller);
    expect(mxVerdicts(partner.mail).join(' | ')).toMatch(/\bdkim=pass\b[^|]*header\.d=partner\.test/);
  });

  it('gives a forger through the MX no pass, and drops the verdicts the forger wrote', async () => {
    const subject = `forged ${id}`;
    await deliverToMx({
      from: customer,
      to: desk,
      subject,
      text: 'I am the customer, honest',
      headers: {
        'Authentication-Results': [
          `${STACK.authservId}; dkim=pass header.d=example.test; dmarc=pass header.from=example.test`,
          '(looks official) MX.Example.Test; spf=pass smtp.mailfrom=example.test',
        ],
      },
    });

    const { source, mail } = await delivered(subject);
    const verdicts = mxVerdicts(mail);
    expect(verdicts.join(' | ')).toMatch(/\bdkim=none\b/);
    expect(verdicts.join(' | ')).toMatch(/\bdmarc=fail\b/);
    expect(verdicts.join(' | ')).not.toMatch(/=pass\b/);
    // Neither forged field survives, whatever the spelling of our authserv-id.
    const allResults = mail.headerLines.filter((h) => h.key === 'authentication-results');
    expect(allResults.map((h) => h.line).join('\n')).not.toMatch(/=pass\b/);
    expect(mail.headers.has('dkim-signature')).toBe(false);
    const checked = await mailauthVerdict(source, '127.0.0.1', customer);
    expect(checked.dkim.filter((r) => r.startsWith('pass'))).toEqual([]);
    expect(checked).toMatchObject({ spf: 'fail', dmarc: 'fail' });
  });

  it('refuses submission with a wrong password or a sender that is not the login', async () => {
    const mail = { to: desk, subject: `refused ${id}`, text: 'x' };
    await expect(submitMail({ ...mail, from: customer }, { pass: 'not-the-password' })).rejects.toMatchObject(
      { code: 'EAUTH' },
    );
    // From header of someone else, envelope the login's own: OpenDKIM's policy refuses it.
    await expect(
      submitMail(
        { ...mail, from: 'alice@example.test', envelope: { from: customer, to: desk } },
        { user: customer },
      ),
    ).rejects.toThrow(/550 5\.7\.1 From must be the address you logged in as/);
    // Envelope sender of someone else: Postfix refuses it (reject_sender_login_mismatch).
    await expect(
      submitMail({ ...mail, from: customer, envelope: { from: reseller, to: desk } }),
    ).rejects.toThrow(/553 5\.7\.1 .*not owned by user/);
  });
});
