import { OAuthError } from './token-endpoint.js';

/** A mailbox failure as ops need it: the provider's own words, and what to do about it. */
export interface FailureReport {
  /** True when the provider or the IMAP server refused the credentials (not a network fault). */
  signIn: boolean;
  /** The provider's error code: invalid_grant, AADSTS7000215, AUTHENTICATIONFAILED, ECONNREFUSED… */
  code: string;
  /** One line of the provider's description (no secrets: servers do not echo them). */
  detail: string;
  advice: string;
}

const AADSTS_ADVICE: Record<string, string> = {
  AADSTS7000215:
    'The client secret is wrong: create a new secret under Certificates & secrets of the Entra app and put it in the environment variable.',
  AADSTS7000222:
    'The client secret has expired: create a new secret under Certificates & secrets of the Entra app and put it in the environment variable.',
  AADSTS700016:
    'No app with this client ID in the tenant: check clientId and tenantId, or whether the app was deleted.',
  AADSTS700027: 'The certificate does not match: upload it to the Entra app again and check the thumbprint.',
  AADSTS90002: 'The tenant does not exist: check tenantId.',
  AADSTS50173:
    'The refresh token was revoked (password change or sign-out): sign in again and set the new first refresh token.',
  AADSTS700082:
    'The refresh token expired after inactivity: sign in again and set the new first refresh token.',
  AADSTS65001: 'No admin consent: grant consent for the API permissions in the Entra app.',
};

const CODE_ADVICE: Record<string, string> = {
  invalid_grant:
    'The grant was refused: the refresh token was revoked or expired, or (service account) domain-wide delegation is missing. Sign in again and set the new first refresh token, or check the delegation in the Admin console.',
  invalid_client:
    'The client was refused: the client ID or secret is wrong, expired or revoked at the provider. Check the app registration and its secret.',
  unauthorized_client:
    'This client may not use this grant: enable it in the app registration (or, Google, authorise the client ID for domain-wide delegation).',
  invalid_scope: 'The scope was refused: check the API permissions of the app and the scope in the config.',
  access_denied: 'Access was denied: grant the app its permissions (admin consent).',
  missing_secret:
    'A secret is missing from the environment: set the variable named in the config and restart.',
  invalid_key_file: 'The key file cannot be used: download a new JSON key for the service account.',
  AUTHENTICATIONFAILED:
    'The mail server refused the sign-in. With OAuth2: check that the app may open this mailbox (Microsoft 365: the Exchange service principal and Add-MailboxPermission; Google: the delegation scope https://mail.google.com/). With a password: check it.',
  unreachable: 'The token endpoint cannot be reached: check DNS, proxy and firewall.',
};

const NETWORK_ADVICE =
  'The server cannot be reached: check host, port, DNS and firewall; the poller keeps retrying.';

/** Reads an error from the token endpoint or imapflow into one report. */
export function describeFailure(err: unknown): FailureReport {
  if (err instanceof OAuthError) {
    const aadsts = /AADSTS\d+/.exec(err.description)?.[0];
    const code = aadsts ?? err.code;
    return {
      signIn: err.permanent,
      code: aadsts ? `${err.code} ${aadsts}` : err.code,
      detail: err.description,
      advice: (aadsts && AADSTS_ADVICE[aadsts]) || CODE_ADVICE[err.code] || adviceFor(code),
    };
  }
  const e = (err ?? {}) as {
    authenticationFailed?: boolean;
    serverResponseCode?: string;
    response?: string;
    code?: string;
    message?: string;
  };
  if (e.authenticationFailed) {
    const code = e.serverResponseCode || 'AUTHENTICATIONFAILED';
    return {
      signIn: true,
      code,
      detail: oneLine(e.response || e.message || ''),
      advice: CODE_ADVICE.AUTHENTICATIONFAILED ?? '',
    };
  }
  const code = e.code || 'ERROR';
  return { signIn: false, code, detail: oneLine(e.message ?? String(err)), advice: NETWORK_ADVICE };
}

function adviceFor(code: string): string {
  return `The provider answered ${code}: see docs/mailboxes.md.`;
}

const oneLine = (text: string): string => (text.split(/\r?\n/)[0] ?? '').slice(0, 300);
