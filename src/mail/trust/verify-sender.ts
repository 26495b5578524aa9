import type { Readable } from 'node:stream';
import {
  type DKIMVerifyOptions,
  type DKIMVerifyResult,
  type DNSResolver,
  dkimVerify,
  dmarc,
  spf,
} from 'mailauth';
import { SourceReadError } from '../source-read-error.js';
import { alignedDomains, notAuthenticated, type SenderVerdict } from './sender-verdict.js';

export interface VerifyInput {
  /** The mail, or how to read it as a stream (DKIM hashes it as it passes). */
  raw: Buffer | (() => Promise<Readable>);
  fromDomain: string;
  /** The client IP our boundary server recorded; without it SPF is not checked. */
  clientIp?: string | undefined;
  helo?: string | undefined;
  /** The envelope sender (Return-Path). */
  envelopeFrom?: string | undefined;
}

/**
 * The daemon's own check with mailauth: DKIM signatures, SPF for the boundary's client IP, and
 * DMARC alignment of either with the From domain. DMARC pass is required when the From domain
 * publishes a DMARC record; without one, an aligned DKIM pass (or SPF pass for the From domain)
 * authenticates.
 */
export async function verifySender(
  input: VerifyInput,
  resolver: DNSResolver,
  mta: string,
): Promise<SenderVerdict> {
  const dkim = await verifyDkim(input.raw, {
    resolver,
    ...(input.envelopeFrom ? { sender: input.envelopeFrom } : {}),
  });
  const passingDkim = (dkim.results ?? []).filter((r) => r.status?.result === 'pass');
  let spfDomain: string | undefined;
  if (input.clientIp) {
    const spfResult = await spf({
      ip: input.clientIp,
      helo: input.helo ?? input.clientIp,
      sender: input.envelopeFrom ?? `postmaster@${input.helo ?? input.fromDomain}`,
      mta,
      resolver,
    });
    if (spfResult.status?.result === 'pass') spfDomain = spfResult.domain;
  }
  const dmarcResult = await dmarc({
    headerFrom: input.fromDomain,
    spfDomains: spfDomain ? [spfDomain] : [],
    dkimDomains: passingDkim.map((r) => ({
      id: r.id,
      domain: r.signingDomain,
      aligned: r.status?.aligned,
      underSized: r.status?.underSized,
    })),
    resolver,
  });
  const dmarcStatus = dmarcResult ? dmarcResult.status?.result : undefined;
  if (dmarcStatus === 'pass')
    return {
      authenticated: true,
      method: 'dmarc',
      domain: input.fromDomain,
      reason: 'DMARC pass (verified here)',
    };
  if (dmarcStatus && dmarcStatus !== 'none')
    return notAuthenticated(`DMARC ${dmarcStatus} for ${input.fromDomain} (verified here)`);
  const aligned = passingDkim.find(
    (r) => r.signingDomain && alignedDomains(input.fromDomain, r.signingDomain),
  );
  if (aligned)
    return {
      authenticated: true,
      method: 'dkim',
      domain: input.fromDomain,
      reason: `DKIM pass, aligned (d=${aligned.signingDomain}; no DMARC record)`,
    };
  if (spfDomain === input.fromDomain)
    return {
      authenticated: true,
      method: 'spf',
      domain: input.fromDomain,
      reason: 'SPF pass for the From domain (no DMARC record)',
    };
  return notAuthenticated(`no passing, aligned DKIM or SPF for ${input.fromDomain} (verified here)`);
}

/** DKIM over the mail in memory or as a stream; a stream that fails to deliver is a read error. */
async function verifyDkim(raw: VerifyInput['raw'], options: DKIMVerifyOptions): Promise<DKIMVerifyResult> {
  if (Buffer.isBuffer(raw)) return dkimVerify(raw, options);
  let stream: Readable;
  try {
    stream = await raw();
  } catch (err) {
    throw new SourceReadError(err);
  }
  let readError: unknown;
  stream.on('error', (err: unknown) => {
    readError = err;
  });
  try {
    return await dkimVerify(stream, options);
  } catch (err) {
    stream.destroy();
    throw readError !== undefined ? new SourceReadError(readError) : err;
  }
}
