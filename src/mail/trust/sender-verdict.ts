/**
 * Who sent a mail, as established once at intake. Every later decision that depends on the
 * sender (staff commands, plan targets, quota, follow-ups, automatic replies) reads this and
 * never re-derives it from headers.
 */
export interface SenderVerdict {
  authenticated: boolean;
  /** How the From domain authenticated, or `none`. */
  method: 'dmarc' | 'dkim' | 'spf' | 'compauth' | 'none';
  /** The From domain that authenticated (lower case), when authenticated. */
  domain?: string | undefined;
  /** Plain words for the case history and the mail log. */
  reason: string;
}

/**
 * - `verify`: the daemon checks DKIM, SPF (client IP from our boundary Received line) and DMARC itself.
 * - `authservIds`: believes Authentication-Results from our own receiving servers, topmost block only.
 * - `exchangeOnline`: Exchange Online's Authentication-Results (no authserv-id, `compauth=`).
 * - `none`: nobody authenticates (no staff may be configured).
 */
export type TrustMode = 'verify' | 'authservIds' | 'exchangeOnline' | 'none';

export const notAuthenticated = (reason: string): SenderVerdict => ({
  authenticated: false,
  method: 'none',
  reason,
});

/** A header field as it appears in the mail, top first (mailparser's `headerLines`). */
export interface HeaderLine {
  key: string;
  line: string;
}

/** Relaxed DMARC alignment: the same organisational domain, approximated as equal or a parent/child. */
export function alignedDomains(fromDomain: string, otherDomain: string): boolean {
  const a = fromDomain.toLowerCase();
  const b = otherDomain.toLowerCase();
  if (!a.includes('.') || !b.includes('.')) return false;
  return a === b || a.endsWith(`.${b}`) || b.endsWith(`.${a}`);
}
