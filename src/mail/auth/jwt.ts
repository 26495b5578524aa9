import { createHash, randomUUID, sign } from 'node:crypto';

const b64url = (data: Buffer | string): string => Buffer.from(data).toString('base64url');

/** A compact JWS signed RS256 with the given PEM key (node:crypto only). */
export function signRs256(
  header: Record<string, unknown>,
  claims: Record<string, unknown>,
  privateKeyPem: string,
): string {
  const input = `${b64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', ...header }))}.${b64url(JSON.stringify(claims))}`;
  return `${input}.${b64url(sign('RSA-SHA256', Buffer.from(input), privateKeyPem))}`;
}

/** Google domain-wide delegation: the service account asks for a token acting as `subject`. */
export function serviceAccountAssertion(
  key: { client_email: string; private_key: string; private_key_id?: string },
  subject: string,
  scope: string,
  audience: string,
  nowMs: number,
): string {
  const iat = Math.floor(nowMs / 1000);
  return signRs256(
    key.private_key_id ? { kid: key.private_key_id } : {},
    { iss: key.client_email, sub: subject, scope, aud: audience, iat, exp: iat + 3600 },
    key.private_key,
  );
}

/** Microsoft 365 certificate credential: a client assertion naming the certificate by its SHA-1 thumbprint. */
export function clientAssertion(
  clientId: string,
  audience: string,
  thumbprintHex: string,
  privateKeyPem: string,
  nowMs: number,
): string {
  const iat = Math.floor(nowMs / 1000);
  return signRs256(
    { x5t: b64url(Buffer.from(thumbprintHex, 'hex')) },
    { iss: clientId, sub: clientId, aud: audience, jti: randomUUID(), nbf: iat, iat, exp: iat + 600 },
    privateKeyPem,
  );
}

/** A short, non-reversible name for a secret (which seed a stored token came from). */
export const fingerprint = (secret: string): string =>
  createHash('sha256').update(secret).digest('hex').slice(0, 16);
