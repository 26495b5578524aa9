import parseDkimHeaders from 'mailauth/lib/parse-dkim-headers.js';
import { alignedDomains, type HeaderLine, notAuthenticated, type SenderVerdict } from './sender-verdict.js';

/** One method result of an Authentication-Results field: `dkim=pass header.d=… (comment)`. */
interface MethodResult {
  result: string;
  /** `ptype.property=value` pairs: `header.d`, `smtp.mailfrom`. */
  props: Record<string, Record<string, string>>;
  /** Plain `key=value` pairs after the result: `reason=100`, `action=none`. */
  plain: Record<string, string>;
}

/** One Authentication-Results field, parsed with mailauth's RFC 8601 parser. */
export interface ParsedResults {
  /** The authserv-id, lower case; undefined when the field has none (Exchange Online). */
  authservId: string | undefined;
  methods: Map<string, MethodResult[]>;
}

export function parseAuthenticationResults(field: HeaderLine): ParsedResults {
  const { parsed } = parseDkimHeaders(field.line);
  const methods = new Map<string, MethodResult[]>();
  for (const [name, raw] of Object.entries(parsed)) {
    if (name === 'header' || name === 'value') continue;
    const entries = Array.isArray(raw) ? raw : [raw];
    methods.set(
      name.toLowerCase(),
      entries.flatMap((entry) => (isRecord(entry) ? [methodResult(entry)] : [])),
    );
  }
  const id = typeof parsed.value === 'string' ? parsed.value.toLowerCase() : undefined;
  return { authservId: id, methods };
}

function methodResult(entry: Record<string, unknown>): MethodResult {
  const props: Record<string, Record<string, string>> = {};
  const plain: Record<string, string> = {};
  for (const [ptype, values] of Object.entries(entry)) {
    if (typeof values === 'string' && ptype !== 'value' && ptype !== 'comment')
      plain[ptype.toLowerCase()] = values;
    if (!isRecord(values)) continue;
    props[ptype.toLowerCase()] = Object.fromEntries(
      Object.entries(values).flatMap(([k, v]) => (typeof v === 'string' ? [[k.toLowerCase(), v]] : [])),
    );
  }
  const result = typeof entry.value === 'string' ? entry.value.toLowerCase() : '';
  return { result, props, plain };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

const prop = (m: MethodResult, ptype: string, name: string): string | undefined =>
  m.props[ptype]?.[name]?.toLowerCase();

/**
 * The verdict from our own servers' Authentication-Results (already limited to the topmost
 * block, and to the trusted authserv-ids by the caller). DMARC pass counts only for the From
 * domain; without a DMARC result, an aligned DKIM pass or an SPF pass for the From domain.
 */
export function verdictFromResults(results: ParsedResults[], fromDomain: string): SenderVerdict {
  const all = (method: string): MethodResult[] => results.flatMap((r) => r.methods.get(method) ?? []);
  const dmarc = all('dmarc').find((m) => m.result === 'pass' && prop(m, 'header', 'from') === fromDomain);
  if (dmarc) return { authenticated: true, method: 'dmarc', domain: fromDomain, reason: 'DMARC pass' };
  const dkim = all('dkim').find((m) => {
    const d = prop(m, 'header', 'd');
    return m.result === 'pass' && d !== undefined && alignedDomains(fromDomain, d);
  });
  if (dkim)
    return {
      authenticated: true,
      method: 'dkim',
      domain: fromDomain,
      reason: `DKIM pass, aligned (d=${prop(dkim, 'header', 'd')})`,
    };
  const spf = all('spf').find((m) => {
    const mailFrom = prop(m, 'smtp', 'mailfrom');
    const domain = mailFrom?.includes('@') ? mailFrom.split('@').pop() : mailFrom;
    return m.result === 'pass' && domain === fromDomain;
  });
  if (spf)
    return { authenticated: true, method: 'spf', domain: fromDomain, reason: 'SPF pass for the From domain' };
  const failed = all('dmarc').find((m) => m.result !== 'pass');
  return notAuthenticated(
    failed ? `DMARC ${failed.result} for ${fromDomain}` : `no passing, aligned result for ${fromDomain}`,
  );
}

/**
 * Exchange Online stamps one Authentication-Results without an authserv-id, with its composite
 * verdict `compauth=`. A pass counts when it is explicit (reason 1xx: DMARC, or Microsoft's
 * own implicit authentication of the From domain) and `header.from` names the From domain.
 */
export function verdictFromExchangeOnline(results: ParsedResults[], fromDomain: string): SenderVerdict {
  const own = results.filter((r) => r.authservId === undefined);
  const aligned = verdictFromResults(own, fromDomain);
  if (aligned.authenticated && aligned.method === 'dmarc') return aligned;
  for (const r of own) {
    const compauth = r.methods.get('compauth')?.[0];
    const dmarcFrom = r.methods.get('dmarc')?.[0];
    const headerFrom = dmarcFrom ? prop(dmarcFrom, 'header', 'from') : undefined;
    const reason = compauth?.plain.reason;
    if (compauth?.result === 'pass' && headerFrom === fromDomain && reason?.startsWith('1'))
      return {
        authenticated: true,
        method: 'compauth',
        domain: fromDomain,
        reason: `compauth pass (reason ${reason})`,
      };
  }
  return notAuthenticated(`Exchange Online did not authenticate ${fromDomain}`);
}
