import type { Account, Contact, Directory, Reseller } from './customer-schema.js';

export interface DirectoryMatch {
  account: Account;
  contact: Contact;
  reseller: Reseller | undefined;
}

/** Read-only lookups over the loaded customer directory; rebuilt whole on reload. */
export class CustomerDirectory {
  private readonly byPolicyEmail = new Map<string, { account: Account; contact: Contact }>();
  private readonly byPolicyDomain = new Map<string, Account>();
  private readonly byPolicyLicence = new Map<string, Account>();
  private readonly resellers = new Map<string, Reseller>();
  private readonly accounts = new Map<string, Account>();

  constructor(directory: Directory) {
    for (const r of directory.resellers) this.resellers.set(r.id, r);
    for (const account of directory.accounts) {
      this.accounts.set(account.id, account);
      for (const contact of account.contacts)
        this.byPolicyEmail.set(`${account.policy}|${contact.email}`, { account, contact });
      for (const domain of account.domains)
        this.byPolicyDomain.set(`${account.policy}|${domain.toLowerCase()}`, account);
      if (account.licenceKey)
        this.byPolicyLicence.set(`${account.policy}|${account.licenceKey.toUpperCase()}`, account);
    }
  }

  /** A listed contact first; otherwise a sender at one of an account's domains is a plain contact. */
  find(policyId: string, email: string): DirectoryMatch | undefined {
    const address = email.toLowerCase();
    const listed = this.byPolicyEmail.get(`${policyId}|${address}`);
    if (listed) return { ...listed, reseller: this.resellerOf(listed.account) };
    const account = this.byPolicyDomain.get(`${policyId}|${address.split('@')[1] ?? ''}`);
    if (!account) return undefined;
    return {
      account,
      contact: { email: address, name: address, role: 'contact' },
      reseller: this.resellerOf(account),
    };
  }

  accountById(id: string): Account | undefined {
    return this.accounts.get(id);
  }

  findByLicenceKey(policyId: string, licenceKey: string): Account | undefined {
    return this.byPolicyLicence.get(`${policyId}|${licenceKey.toUpperCase()}`);
  }

  licenceKeys(policyId: string): string[] {
    const prefix = `${policyId}|`;
    return [...this.byPolicyLicence.keys()]
      .filter((k) => k.startsWith(prefix))
      .map((k) => k.slice(prefix.length));
  }

  resellerOf(account: Account): Reseller | undefined {
    return account.reseller === undefined ? undefined : this.resellers.get(account.reseller);
  }
}
