import { buildAccept } from './decide/build-accept.js';
import { withConduct } from './decide/conduct.js';
import { type DecisionContext, decisionContext } from './decide/context.js';
import { ineligible } from './decide/ineligible.js';
import { languageReply, overQuotaReply, scopeReply } from './decide/topic-replies.js';
import { versionAndPlatform } from './decide/version-step.js';
import type { DecideInput, Decision, ReplyDecision } from './decision-types.js';
import { checkEligibility } from './rules/check-eligibility.js';
import { checkScope } from './rules/check-scope.js';
import { reportedVersion } from './rules/check-version.js';

export type * from './decision-types.js';

/**
 * Turns one new mail into one decision: the outcome, the template to send and the case to open.
 * Pure: the clock is `input.now`, lookups (directory, licence keys, quota count) come in `input`.
 *
 * Precedence, and why (docs/policies.md, "Precedence"):
 *  1. Who is asking — directory entry, authentication, licence key (Netop), role (Perfana
 *     end-users), maintenance (Perfana), plan (Perfana free → community, Kolmisoft no plan →
 *     paid). These do not depend on what the mail says, and the answer that matters most to the
 *     sender is "you are not the right person / you have no support", not a verdict on the topic.
 *  2. Scope — an excluded topic is declined or offered as paid work whatever the version: asking
 *     someone to upgrade first and then declining the topic anyway wastes their time.
 *  3. Language, when the policy declines other languages (no seed does; they accept with a notice).
 *  4. Version and platform — pre-release and end-of-life versions are declined (Perfana, unless an
 *     EOL mail asks for upgrade help); an old version or unsupported OS still opens the case,
 *     waiting on the customer (FastNetMon).
 *  5. Quota — only after every decline, because declined mail never uses a request, and a
 *     customer over quota must not be told so for a mail that would have been declined anyway.
 *  6. Severity, targets, billing, routing and notices — only an accepted case needs them.
 *  Conduct is applied last, over whatever the outcome was: abusive mail gets no automatic reply at
 *  all, ops are told, and a case that would have been opened is still opened, silently.
 */
export function decide(input: DecideInput): Decision {
  const context = decisionContext(input);
  return withConduct(context, decideReply(context));
}

function decideReply(context: DecisionContext): ReplyDecision {
  const { rules, input } = context;

  const eligibility = checkEligibility({
    rules: rules.eligibility,
    plans: context.policy.plans,
    timezone: context.policy.timezone,
    mail: input.mail,
    text: context.text,
    customer: input.customer,
    knownLicenceKeys: input.knownLicenceKeys ?? {},
    now: input.now,
  });
  if (!eligibility.eligible) return ineligible(context, eligibility);
  const customer = eligibility.customer;

  const scope = checkScope(rules.scope, eligibility.planId, context.text);
  const topicReply = scopeReply(context, customer, scope) ?? languageReply(context, customer);
  if (topicReply !== null) return topicReply;

  const versionStep = versionAndPlatform(context, customer);
  if (versionStep.kind === 'decline') return versionStep.decision;

  const overQuota = overQuotaReply(context, customer);
  if (overQuota !== null) return overQuota;

  return buildAccept(context, {
    customer,
    planId: eligibility.planId,
    paidSupport: eligibility.paidSupport,
    unauthenticated: eligibility.unauthenticated,
    newContactLicenceKey: eligibility.newContactLicenceKey,
    scope,
    reportedVersion: reportedVersion(rules.eligibility.versions, context.text, customer?.productVersion),
    template: versionStep.template,
    notices: versionStep.notices,
    vars: versionStep.vars,
  });
}
