import { ImapFlow } from 'imapflow';
import type { AppConfig, MailboxConfig } from '../config/app-config-schema.js';
import type { AccountSignIn } from './auth/account-sign-in.js';
import { imapEndpoint } from './auth/sign-ins.js';

/**
 * A short-lived IMAP client of one mailbox, with its own sign-in, for one read and done
 * (attachments for a notice, an operator's replay); not yet connected. Errors after connect
 * surface on the calls that hit them, so the 'error' event is only kept from ending the
 * process. The poller keeps its own long-lived client with IDLE.
 */
export async function oneShotMailboxClient(
  mailbox: MailboxConfig,
  imap: AppConfig['imap'],
  signIn: AccountSignIn,
): Promise<ImapFlow> {
  const { host, port, secure } = imapEndpoint(mailbox, imap);
  const client = new ImapFlow({
    host,
    port,
    secure,
    auth: await signIn.imapAuth(),
    logger: false,
    disableAutoIdle: true,
  });
  client.on('error', () => undefined);
  return client;
}
