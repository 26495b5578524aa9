import { Resolver } from 'node:dns/promises';
import type { DNSResolver } from 'mailauth';

/**
 * The DNS lookups mailauth makes (TXT for DKIM keys, SPF and DMARC; A, MX for SPF), through the
 * configured servers (`host:port`), or the system's when none are given. Same answers and shape
 * as mailauth's default (`dns.promises.resolve`), only the servers differ.
 */
export function dnsResolver(servers: string[]): DNSResolver {
  const resolver = new Resolver({ timeout: 3_000, tries: 2 });
  if (servers.length > 0) resolver.setServers(servers);
  return (name, rrtype) => resolver.resolve(name, rrtype) as Promise<string[][] | string[]>;
}
