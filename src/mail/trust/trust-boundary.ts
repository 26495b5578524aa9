import { parseReceived } from 'mailauth/lib/parse-received.js';
import type { HeaderLine } from './sender-verdict.js';

export interface TopmostBlock {
  /** The header fields above, and including, the boundary Received line (top first). */
  fields: HeaderLine[];
  /** The client our boundary server took the mail from, as it recorded it. */
  clientIp?: string;
  helo?: string;
}

/**
 * The topmost block of a mail's trace fields (RFC 8601 §5). Our boundary server (the MX that
 * takes mail from the internet) prepends its Received line above everything the sender wrote,
 * and our own Authentication-Results sit above that line; anything below it came with the mail
 * and may be forged. The boundary line is therefore the first Received field, from the top,
 * whose `by` host is one of `boundaryHosts` (`*.example.net` matches subdomains).
 *
 * A mail with no such line did not come through our boundary: no block, nothing is believed.
 * The `from` part is never used to find the line: a sender chooses its own HELO name.
 */
export function topmostBlock(headers: HeaderLine[], boundaryHosts: string[]): TopmostBlock | undefined {
  const fields: HeaderLine[] = [];
  for (const header of headers) {
    fields.push(header);
    if (header.key !== 'received') continue;
    const parsed = parseReceived(header.line);
    const by = stringPart(parsed, 'by', 'value');
    if (by === undefined || !hostMatches(by, boundaryHosts)) continue;
    const ip = /\[(?:IPv6:)?([0-9a-fA-F:.]+)\]/.exec(stringPart(parsed, 'from', 'comment') ?? '')?.[1];
    const helo = stringPart(parsed, 'from', 'value');
    return { fields, ...(ip ? { clientIp: ip } : {}), ...(helo ? { helo } : {}) };
  }
  return undefined;
}

function stringPart(parsed: unknown, part: string, field: 'value' | 'comment'): string | undefined {
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const entry = (parsed as Record<string, unknown>)[part];
  if (typeof entry !== 'object' || entry === null) return undefined;
  const value = (entry as Record<string, unknown>)[field];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function hostMatches(host: string, patterns: string[]): boolean {
  const h = host.toLowerCase();
  return patterns.some((pattern) => {
    const p = pattern.toLowerCase();
    return p.startsWith('*.') ? h.endsWith(p.slice(1)) : h === p;
  });
}
