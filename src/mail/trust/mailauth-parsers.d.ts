// mailauth's own RFC 5322 trace and RFC 8601 parsers, which its package types do not declare.
declare module 'mailauth/lib/parse-received.js' {
  export function parseReceived(line: string | Buffer): Record<string, unknown> | false;
}

declare module 'mailauth/lib/parse-dkim-headers.js' {
  /** Parses `Authentication-Results: …` (and DKIM-Signature) header lines into method results. */
  export default function parseDkimHeaders(line: string | Buffer): { parsed: Record<string, unknown> };
}
