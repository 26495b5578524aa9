import type { CustomerDirectory } from '../directory/customer-directory.js';
import type { InboundMail } from '../mail/inbound-mail.js';
import type { AccountFacts, DecideInput, Decision } from '../policy/decision-types.js';
import type { Policy } from '../policy/policy-schema.js';
import { extractLicenceKeys, normalizeLicenceKey } from '../policy/rules/extract-licence-key.js';
import { quotaMonth } from '../policy/rules/quota.js';
import { decideWithinBudget } from './budgeted-decide.js';
import { accountFacts, customerFacts, mailFacts } from './decision-facts.js';

/**
 * Where the facts of a decision come from. Triage reads them from the stores; `dry-run` from
 * the same directory with its own in-memory quota and learned contacts, so both take the one
 * path parse → facts → decide() and differ only in what they remember.
 */
export interface FactSources {
  directory: CustomerDirectory;
  /** The rules read the first `classifyTextChars` of a mail; a decision over `decideBudgetMs` is flagged. */
  limits: { classifyTextChars: number; decideBudgetMs: number };
  /** The account a sender was recorded under earlier (Netop: a quoted licence key), if any. */
  learnedContact(policyId: string, sender: string): Promise<string | null>;
  /** Accepted requests of the account so far in the quota month `monthKey`. */
  requestsThisMonth(policyId: string, accountId: string, monthKey: string): Promise<number>;
}

export interface NewMailDecision {
  input: DecideInput;
  decision: Decision;
  /** The quota month `now` falls in, in the policy zone. */
  monthKey: string;
  tookMs: number;
  /** The decision took longer than the budget: the mail is quarantined rather than answered. */
  overBudget: boolean;
}

/** Gathers the facts about a new mail (not a follow-up, not a robot) and asks the policy core. */
export async function decideNewMail(
  sources: FactSources,
  policy: Policy,
  mail: InboundMail,
  now: Date,
): Promise<NewMailDecision> {
  const monthKey = quotaMonth(now, policy.timezone).monthKey;
  const input = await gatherFacts(sources, policy, mail, now, monthKey);
  const timed = decideWithinBudget(input, sources.limits.decideBudgetMs);
  return { input, decision: timed.decision, monthKey, tookMs: timed.tookMs, overBudget: timed.overBudget };
}

async function gatherFacts(
  sources: FactSources,
  policy: Policy,
  mail: InboundMail,
  now: Date,
  monthKey: string,
): Promise<DecideInput> {
  const { directory } = sources;
  const sender = mail.from.address;
  let match = directory.find(policy.id, sender);
  if (!match) {
    // A contact learned earlier from a quoted licence key (Netop) is a contact from then on.
    const learned = await sources.learnedContact(policy.id, sender);
    const account = learned ? directory.accountById(learned) : undefined;
    if (account)
      match = {
        account,
        contact: { email: sender, name: sender, role: 'contact' },
        reseller: directory.resellerOf(account),
      };
  }
  const customer = match ? customerFacts(match, directory) : null;
  const knownLicenceKeys: Record<string, AccountFacts> = {};
  const pattern = policy.rules.eligibility.licence?.keyPattern;
  if (!customer && pattern) {
    const text = `${mail.subject}\n${mail.text}`.slice(0, sources.limits.classifyTextChars);
    for (const key of extractLicenceKeys(text, pattern)) {
      const account = directory.findByLicenceKey(policy.id, key);
      if (account) knownLicenceKeys[normalizeLicenceKey(key)] = accountFacts(account, directory);
    }
  }
  const requestsThisMonth = customer
    ? await sources.requestsThisMonth(policy.id, customer.accountId, monthKey)
    : 0;
  return {
    mail: mailFacts(mail, sources.limits.classifyTextChars),
    customer,
    policy,
    caseState: { requestsThisMonth },
    now,
    knownLicenceKeys,
  };
}
