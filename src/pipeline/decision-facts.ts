import type { CustomerDirectory, DirectoryMatch } from '../directory/customer-directory.js';
import type { Account } from '../directory/customer-schema.js';
import type { InboundMail } from '../mail/inbound-mail.js';
import type { AccountFacts, CustomerFacts, MailFacts } from '../policy/decision-types.js';

/**
 * The policy core's view of an inbound mail. The rules read only the first `classifyTextChars`
 * of the body: the customer's own words come first, and the rules' cost stays bounded whatever
 * the mail carries below them (pasted logs, base64 blobs).
 */
export function mailFacts(mail: InboundMail, classifyTextChars: number): MailFacts {
  const date = new Date(mail.date);
  return {
    from: mail.from.address,
    fromName: mail.from.name === '' ? null : mail.from.name,
    to: mail.to,
    cc: mail.cc,
    subject: mail.subject,
    text: mail.text.slice(0, classifyTextChars),
    date: Number.isNaN(date.getTime()) ? null : date,
    attachmentNames: mail.attachments.map((a) => a.filename),
    authenticated: mail.sender.authenticated,
  };
}

export function accountFacts(account: Account, directory: CustomerDirectory): AccountFacts {
  const reseller = directory.resellerOf(account);
  const admin = account.contacts.find((c) => c.role === 'administrator' || c.role === 'account-holder');
  return {
    accountId: account.id,
    accountName: account.name,
    planId: account.plan,
    ...(account.licenceKey ? { licenceKey: account.licenceKey } : {}),
    ...(reseller
      ? {
          reseller: {
            name: reseller.name,
            email: reseller.email,
            ...(reseller.phone ? { phone: reseller.phone } : {}),
          },
        }
      : {}),
    ...(account.monthlyQuota !== undefined ? { monthlyQuota: account.monthlyQuota } : {}),
    ...(account.productVersion ? { productVersion: account.productVersion } : {}),
    ...(account.platform ? { platform: account.platform } : {}),
    ...(account.maintenanceUntil ? { maintenanceUntil: account.maintenanceUntil } : {}),
    ...(admin ? { administrator: { name: admin.name, email: admin.email } } : {}),
  };
}

export function customerFacts(match: DirectoryMatch, directory: CustomerDirectory): CustomerFacts {
  const { account, contact } = match;
  const language = contact.language ?? account.language;
  return {
    ...accountFacts(account, directory),
    email: contact.email,
    name: contact.name,
    role: contact.role,
    ...(language ? { language } : {}),
    ...(account.timezone ? { timezone: account.timezone } : {}),
  };
}
