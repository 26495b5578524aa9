import { DateTime } from 'luxon';
import type { AccountFacts, CustomerFacts, MailFacts } from '../decision-types.js';
import type { EligibilityRules, NoPlanRule } from '../rules-schema.js';
import { extractLicenceKeys, normalizeLicenceKey } from './extract-licence-key.js';
import type { MailText } from './mail-text.js';

/** The plans of the policy, as far as eligibility cares. */
export interface PlanFacts {
  id: string;
  paid: boolean;
}

export interface EligibilityInput {
  rules: EligibilityRules;
  plans: readonly PlanFacts[];
  timezone: string;
  mail: MailFacts;
  text: MailText;
  customer: CustomerFacts | null;
  knownLicenceKeys: Readonly<Record<string, AccountFacts>>;
  now: Date;
}

export type EligibilityVerdict =
  | {
      eligible: true;
      /** The customer the case belongs to (a synthesized contact for a licence match), or null. */
      customer: CustomerFacts | null;
      /** The plan the case runs under (a free one when paid hourly, Kolmisoft), or null for none. */
      planId: string | null;
      /** The noPlan rule when the plan is not a paid one (paidSupport): the case is billed by the hour. */
      paidSupport: Extract<NoPlanRule, { action: 'paidSupport' }> | null;
      /** The sender did not authenticate and is queued last (setting lowestPriority). */
      unauthenticated: boolean;
      /** Netop: a new contact recognised by the licence key in the mail. */
      newContactLicenceKey: string | null;
    }
  | { eligible: false; verdict: 'registerLicence'; unknownLicenceKeys: string[] }
  | { eligible: false; verdict: 'redirectToAdministrator'; customer: CustomerFacts }
  | { eligible: false; verdict: 'community'; pointer: string; customer: CustomerFacts | null }
  | {
      eligible: false;
      verdict: 'notEligible';
      why: 'unknownSender' | 'roleNotAllowed' | 'maintenanceExpired' | 'noPaidPlan';
      customer: CustomerFacts | null;
    };

/**
 * Who may open a case, checked in this order (each step only makes sense once the previous one
 * passed): who the sender is (directory, authentication, licence key), then their role, then the
 * account's maintenance, then its plan. Version and platform are checked later, after scope,
 * because they depend on what the mail is about (see decide.ts).
 */
export function checkEligibility(input: EligibilityInput): EligibilityVerdict {
  const { rules } = input;
  const identity = identifySender(input);
  if (identity.kind === 'registerLicence') {
    return { eligible: false, verdict: 'registerLicence', unknownLicenceKeys: identity.unknownLicenceKeys };
  }
  if (identity.kind === 'notEligible') {
    return { eligible: false, verdict: 'notEligible', why: 'unknownSender', customer: null };
  }
  const customer = identity.customer;

  if (customer !== null && !rules.roles.allowed.includes(customer.role)) {
    if (rules.roles.redirectToAdministrator.includes(customer.role)) {
      return { eligible: false, verdict: 'redirectToAdministrator', customer };
    }
    return { eligible: false, verdict: 'notEligible', why: 'roleNotAllowed', customer };
  }

  if (
    rules.maintenanceRequired &&
    customer !== null &&
    maintenanceExpired(customer, input.now, input.timezone)
  ) {
    return { eligible: false, verdict: 'notEligible', why: 'maintenanceExpired', customer };
  }

  const plan = planOf(customer, rules, input.plans);
  const base = {
    eligible: true as const,
    customer,
    planId: plan?.id ?? null,
    unauthenticated: identity.unauthenticated,
    newContactLicenceKey: identity.licenceKey,
  };
  if (plan?.paid === true) return { ...base, paidSupport: null };

  const noPlan = rules.noPlan;
  switch (noPlan.action) {
    case 'paidSupport':
      return { ...base, paidSupport: noPlan };
    case 'community':
      return { eligible: false, verdict: 'community', pointer: noPlan.pointer, customer };
    case 'notEligible':
      return { eligible: false, verdict: 'notEligible', why: 'noPaidPlan', customer };
  }
}

type SenderIdentity =
  | { kind: 'customer'; customer: CustomerFacts | null; unauthenticated: boolean; licenceKey: string | null }
  | { kind: 'registerLicence'; unknownLicenceKeys: string[] }
  | { kind: 'notEligible' };

function identifySender(input: EligibilityInput): SenderIdentity {
  const { rules, mail } = input;
  let customer = input.customer;
  let unauthenticated = false;
  if (customer !== null && !mail.authenticated) {
    if (rules.unauthenticatedSender === 'treatAsUnknown') customer = null;
    else if (rules.unauthenticatedSender === 'lowestPriority') unauthenticated = true;
  }
  if (customer !== null) return { kind: 'customer', customer, unauthenticated, licenceKey: null };

  switch (rules.unknownSender) {
    case 'noPlan':
      return { kind: 'customer', customer: null, unauthenticated: false, licenceKey: null };
    case 'notEligible':
      return { kind: 'notEligible' };
    case 'licenceLookup':
      return identifyByLicenceKey(input);
  }
}

/**
 * Netop: "by asking for the license key we can quickly determine if someone is eligible". A
 * sender not in the directory who quotes a key the directory knows becomes a new contact of
 * that account (role `contact`); anyone else is asked to register or quote their key.
 */
function identifyByLicenceKey(input: EligibilityInput): SenderIdentity {
  const pattern = input.rules.licence?.keyPattern;
  const quoted =
    pattern === undefined
      ? []
      : extractLicenceKeys(`${input.text.rawSubject}\n${input.text.rawBody}`, pattern);
  const known = new Map(
    Object.entries(input.knownLicenceKeys).map(([key, account]) => [normalizeLicenceKey(key), account]),
  );
  for (const key of quoted) {
    const account = known.get(key);
    if (account === undefined) continue;
    const customer: CustomerFacts = {
      ...account,
      email: input.mail.from,
      role: 'contact',
      ...(input.mail.fromName === null ? {} : { name: input.mail.fromName }),
    };
    // An unauthenticated stranger quoting a key gets no more trust than a known contact would.
    const unauthenticated = !input.mail.authenticated && input.rules.unauthenticatedSender !== 'trust';
    return { kind: 'customer', customer, unauthenticated, licenceKey: key };
  }
  return { kind: 'registerLicence', unknownLicenceKeys: quoted };
}

/** The customer's plan in this policy (paid or free), or null (no plan, or an id the policy lacks). */
function planOf(
  customer: CustomerFacts | null,
  rules: EligibilityRules,
  plans: readonly PlanFacts[],
): PlanFacts | null {
  if (customer === null) return null;
  const planId = customer.planId ?? rules.defaultPlan ?? null;
  return plans.find((candidate) => candidate.id === planId) ?? null;
}

/** Maintenance runs through its last day in the policy zone; no date on record is not held against anyone. */
export function maintenanceExpired(account: AccountFacts, now: Date, timezone: string): boolean {
  if (account.maintenanceUntil === undefined) return false;
  const lastDay = DateTime.fromISO(account.maintenanceUntil, { zone: timezone });
  if (!lastDay.isValid) return false;
  const today = DateTime.fromJSDate(now).setZone(timezone).startOf('day');
  return today > lastDay.startOf('day');
}
