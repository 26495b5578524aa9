import type { CustomerFacts, OverQuotaDecision, ReplyDecision, TemplateVars } from '../decision-types.js';
import type { ScopeVerdict } from '../rules/check-scope.js';
import { isOverQuota, monthlyLimit, quotaMonth } from '../rules/quota.js';
import { baseFields, type DecisionContext, paidSupportVars, pointerVars } from './context.js';

/** The decline or paid offer for an excluded topic, or null when the scope lets the mail through. */
export function scopeReply(
  context: DecisionContext,
  customer: CustomerFacts | null,
  scope: ScopeVerdict,
): ReplyDecision | null {
  if (scope.blocking === null) return null;
  const { rules } = context;
  const { exclusion } = scope.blocking;
  const vars: TemplateVars = { topic: exclusion.label, ...pointerVars(rules, exclusion.pointer) };
  if (scope.blocking.action === 'paidOffer') {
    return {
      ...baseFields(context, customer, `Paid service, not covered by support: ${exclusion.label}.`, {
        ...vars,
        ...paidSupportVars(rules),
      }),
      outcome: 'paidOffer',
      template: 'paidSupport',
      exclusionId: exclusion.id,
    };
  }
  return {
    ...baseFields(context, customer, `Out of scope: ${exclusion.label}.`, vars),
    outcome: 'decline',
    template: 'outOfScope',
    declineReason: 'outOfScope',
    exclusionId: exclusion.id,
  };
}

/** The decline for a mail in another language, when the policy declines those (no seed does). */
export function languageReply(
  context: DecisionContext,
  customer: CustomerFacts | null,
): ReplyDecision | null {
  if (!context.inOtherLanguage || context.rules.languages.otherLanguages !== 'decline') return null;
  return {
    ...baseFields(context, customer, `Mail in ${context.detectedLanguage}, not a supported language.`),
    outcome: 'decline',
    template: 'languageNotice',
    declineReason: 'unsupportedLanguage',
    exclusionId: null,
  };
}

/**
 * The over-quota reply, or null while the account has requests left. Only accounts have a
 * quota; a sender without a directory entry (paid hourly, Kolmisoft) has none.
 */
export function overQuotaReply(
  context: DecisionContext,
  customer: CustomerFacts | null,
): OverQuotaDecision | null {
  if (customer === null) return null;
  const { input, rules } = context;
  const limit = monthlyLimit(rules.quota.monthlyDefault, customer.monthlyQuota);
  const count = input.caseState.requestsThisMonth;
  if (limit === null || !isOverQuota(count, limit)) return null;
  const month = quotaMonth(input.now, context.policy.timezone);
  return {
    ...baseFields(
      context,
      customer,
      `Over the monthly quota: ${count} of ${limit} requests used, resets ${month.resetsAtIso}.`,
      { limit, count, resetDate: month.resetDateText, resetsAt: month.resetsAtIso },
      ['overQuota'],
    ),
    outcome: 'overQuota',
    template: 'overQuota',
    limit,
    count,
    resetsAt: month.resetsAtIso,
  };
}
