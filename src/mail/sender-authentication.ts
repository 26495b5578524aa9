import type { InboundMail } from './inbound-mail.js';

export interface TrustSettings {
  authservIds: string[];
  assumeAuthenticated: boolean;
}

const domainOf = (address: string): string => (address.split('@')[1] ?? '').toLowerCase();

/**
 * Whether the sender's domain authenticated, read from Authentication-Results headers written
 * by our own receiving servers (RFC 8601). DMARC pass is enough; so is an aligned DKIM pass
 * (d= the From domain or its parent) or SPF pass for the From domain.
 */
export function senderAuthenticated(mail: InboundMail, trust: TrustSettings): boolean {
  if (trust.assumeAuthenticated) return true;
  const fromDomain = domainOf(mail.from.address);
  const trusted = new Set(trust.authservIds.map((id) => id.toLowerCase()));
  for (const header of mail.headers.authenticationResults ?? []) {
    const [authserv, ...results] = header.split(';').map((p) => p.trim());
    const authservId = (authserv ?? '').split(/\s+/)[0]?.toLowerCase() ?? '';
    if (!trusted.has(authservId)) continue;
    for (const result of results) {
      const r = result.toLowerCase();
      if (/^dmarc=pass\b/.test(r)) return true;
      const dkim = /^dkim=pass\b.*\bheader\.d=([^\s;]+)/.exec(r);
      // Relaxed alignment, roughly: the signing domain or a parent of the From domain, but never
      // a bare top-level label (a signature by "example" aligns with nobody).
      const d = dkim?.[1];
      if (d?.includes('.') && (fromDomain === d || fromDomain.endsWith(`.${d}`))) return true;
      const spf = /^spf=pass\b.*\bsmtp\.mailfrom=(?:[^@\s]*@)?([^\s;]+)/.exec(r);
      if (spf?.[1] && spf[1] === fromDomain) return true;
    }
  }
  return false;
}
