import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { decide } from '../../../../src/policy/decide.js';
import type {
  AccountFacts,
  CustomerFacts,
  Decision,
  MailFacts,
} from '../../../../src/policy/decision-types.js';
import { type Policy, policySchema } from '../../../../src/policy/policy-schema.js';

// Shared by the rules tests: the real shipped policy files, and short builders for mails and
// directory entries so each table row only states what matters to it.

export type SeedPolicyId = 'fastnetmon' | 'netop' | 'perfana' | 'kolmisoft';

const cache = new Map<SeedPolicyId, Policy>();

/** The shipped config/policies/<id>.yaml, parsed through the real policy schema. */
export function loadPolicy(id: SeedPolicyId): Policy {
  const cached = cache.get(id);
  if (cached !== undefined) return cached;
  const file = fileURLToPath(new URL(`../../../../config/policies/${id}.yaml`, import.meta.url));
  const policy = policySchema.parse(parse(readFileSync(file, 'utf8')));
  cache.set(id, policy);
  return policy;
}

/** Tuesday 10 June 2025, 11:00 in Amsterdam/Copenhagen, 10:00 in London, 12:00 in Vilnius. */
export const NOW = new Date('2025-06-10T09:00:00Z');

export function mail(subject: string, text: string, overrides: Partial<MailFacts> = {}): MailFacts {
  return {
    from: 'ops@customer.example',
    fromName: 'Alex Morgan',
    to: ['support@vendor.example'],
    cc: [],
    subject,
    text,
    date: NOW,
    attachmentNames: [],
    authenticated: true,
    ...overrides,
  };
}

export function customer(overrides: Partial<CustomerFacts> = {}): CustomerFacts {
  return {
    accountId: 'acme',
    accountName: 'ACME Networks',
    planId: null,
    email: 'ops@customer.example',
    name: 'Alex Morgan',
    role: 'administrator',
    ...overrides,
  };
}

export interface Scenario {
  policy: SeedPolicyId;
  mail: MailFacts;
  customer: CustomerFacts | null;
  requestsThisMonth?: number;
  now?: Date;
  knownLicenceKeys?: Record<string, AccountFacts>;
}

export function decideScenario(scenario: Scenario): Decision {
  return decide({
    mail: scenario.mail,
    customer: scenario.customer,
    policy: loadPolicy(scenario.policy),
    caseState: { requestsThisMonth: scenario.requestsThisMonth ?? 0 },
    now: scenario.now ?? NOW,
    ...(scenario.knownLicenceKeys === undefined ? {} : { knownLicenceKeys: scenario.knownLicenceKeys }),
  });
}

/** The decision, asserting it is the given outcome, so tests can read its variant fields. */
export function expectOutcome<O extends Decision['outcome']>(
  decision: Decision,
  outcome: O,
): Extract<Decision, { outcome: O }> {
  if (decision.outcome !== outcome) {
    throw new Error(`expected outcome ${outcome}, got ${decision.outcome}: ${decision.reason}`);
  }
  return decision as Extract<Decision, { outcome: O }>;
}
