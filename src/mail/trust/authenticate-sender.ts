import type { Readable } from 'node:stream';
import type { DNSResolver } from 'mailauth';
import { SourceReadError } from '../source-read-error.js';
import {
  type ParsedResults,
  parseAuthenticationResults,
  verdictFromExchangeOnline,
  verdictFromResults,
} from './authentication-results.js';
import { dnsResolver } from './dns-resolver.js';
import { type HeaderLine, notAuthenticated, type SenderVerdict, type TrustMode } from './sender-verdict.js';
import { topmostBlock } from './trust-boundary.js';
import { verifySender } from './verify-sender.js';

export interface TrustSettings {
  mode: TrustMode;
  /** authserv-ids of our own receiving servers whose Authentication-Results are believed. */
  authservIds: string[];
  /** `by` hosts of our boundary Received line (`*.` for subdomains); empty: the authservIds. */
  boundaryHosts: string[];
  /** `host:port` DNS servers for `verify` (empty: the system resolver). */
  dnsServers: string[];
  /**
   * `authservIds` mode: a DKIM-signed mail on which our servers wrote no DKIM result at all
   * (their DKIM filter was down and the MTA let the mail through) is verified here instead.
   */
  verifyWithoutVerdict: boolean;
}

/**
 * The raw mail: in memory, or a way to read it again from the server as a stream (a large mail
 * is never held whole; only `verify` reads it, for DKIM).
 */
export type RawMail = Buffer | (() => Promise<Readable>);

/** What intake knows about a mail when it authenticates the sender. */
export interface SenderEvidence {
  raw: RawMail;
  headerLines: HeaderLine[];
  /** The single From address, lower case. */
  fromAddress: string;
  /** Mailboxes named in From (all From fields together). */
  fromMailboxes: number;
}

export type SenderAuthenticator = (evidence: SenderEvidence) => Promise<SenderVerdict>;

/** Authenticates senders once, at intake, the way `trust.mode` says. */
export function senderAuthenticator(trust: TrustSettings, resolver?: DNSResolver): SenderAuthenticator {
  const lookup = resolver ?? dnsResolver(trust.dnsServers);
  const boundary = trust.boundaryHosts.length > 0 ? trust.boundaryHosts : trust.authservIds;
  const trustedIds = new Set(trust.authservIds.map((id) => id.toLowerCase()));
  return async (evidence) => {
    const fromFields = evidence.headerLines.filter((h) => h.key === 'from').length;
    // RFC 5322 allows several From mailboxes; DMARC cannot say which one wrote the mail.
    if (fromFields !== 1) return notAuthenticated(`${fromFields} From fields: never authenticated`);
    if (evidence.fromMailboxes !== 1)
      return notAuthenticated(`${evidence.fromMailboxes} From mailboxes: never authenticated`);
    const fromDomain = (evidence.fromAddress.split('@')[1] ?? '').toLowerCase();
    const block = topmostBlock(evidence.headerLines, boundary);
    switch (trust.mode) {
      case 'none':
        return notAuthenticated('trust.mode is none: no sender authenticates');
      case 'authservIds':
      case 'exchangeOnline': {
        if (!block) return notAuthenticated('no Received line from our boundary servers');
        const results = block.fields
          .filter((h) => h.key === 'authentication-results')
          .map(parseAuthenticationResults);
        if (trust.mode === 'exchangeOnline') return verdictFromExchangeOnline(results, fromDomain);
        const ours = results.filter((r) => r.authservId !== undefined && trustedIds.has(r.authservId));
        if (trust.verifyWithoutVerdict && lacksDkimVerdict(ours, evidence.headerLines)) {
          const verdict = await verifyHere(evidence, fromDomain, block, lookup, trust);
          return { ...verdict, reason: `${verdict.reason}; our servers wrote no DKIM result` };
        }
        return verdictFromResults(ours, fromDomain);
      }
      case 'verify':
        return verifyHere(evidence, fromDomain, block, lookup, trust);
    }
  };
}

/**
 * Each DKIM signature costs a DNS lookup and a pass over the body, and anyone can put a
 * thousand into a mail. RFC 6376 (6.1) lets a verifier limit how many it tries; genuine mail
 * carries one to three.
 */
export const MAX_DKIM_SIGNATURES = 8;

async function verifyHere(
  evidence: SenderEvidence,
  fromDomain: string,
  block: ReturnType<typeof topmostBlock>,
  lookup: DNSResolver,
  trust: TrustSettings,
): Promise<SenderVerdict> {
  const signatures = evidence.headerLines.filter((h) => h.key === 'dkim-signature').length;
  if (signatures > MAX_DKIM_SIGNATURES)
    return notAuthenticated(
      `${signatures} DKIM signatures: more than ${MAX_DKIM_SIGNATURES} are not checked`,
    );
  try {
    return await verifySender(
      {
        raw: evidence.raw,
        fromDomain,
        clientIp: block?.clientIp,
        helo: block?.helo,
        envelopeFrom: returnPath(evidence.headerLines),
      },
      lookup,
      trust.authservIds[0] ?? 'support-intake',
    );
  } catch (err) {
    // The connection failed, not the sender: the poller retries the mail.
    if (err instanceof SourceReadError) throw err;
    return notAuthenticated(`verification failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * A signed mail on which our servers recorded no DKIM judgement: no result (their filter did
 * not run) or only `temperror` (it could not look the key up). `none`, `fail`, `permerror`
 * and `pass` are judgements and are believed as they stand.
 */
function lacksDkimVerdict(ours: ParsedResults[], headers: HeaderLine[]): boolean {
  if (!headers.some((h) => h.key === 'dkim-signature')) return false;
  return ours.every((r) => (r.methods.get('dkim') ?? []).every((m) => m.result === 'temperror'));
}

function returnPath(headers: HeaderLine[]): string | undefined {
  const line = headers.find((h) => h.key === 'return-path')?.line;
  const address = line ? /<([^<>@\s]+@[^<>\s]+)>/.exec(line)?.[1] : undefined;
  return address?.toLowerCase();
}
