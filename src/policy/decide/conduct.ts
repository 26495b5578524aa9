import type { Decision, ReplyDecision } from '../decision-types.js';
import { detectAbusiveLanguage } from '../rules/detect-conduct.js';
import type { DecisionContext } from './context.js';

/**
 * FastNetMon "communication style": abusive mail is flagged to ops on the case and gets no
 * automatic reply of any kind (not even over-quota or decline). A case the mail would have
 * opened is still opened, so a person sees it and decides; it counts as a request like any case.
 */
export function withConduct(context: DecisionContext, decision: ReplyDecision): Decision {
  const abusive = detectAbusiveLanguage(context.rules.conduct.abusivePhrases, context.text);
  if (abusive.length === 0) return decision;
  const opened = decision.outcome === 'accept' ? decision.case : null;
  return {
    outcome: 'noReply',
    template: null,
    case: opened,
    suppressedOutcome: decision.outcome,
    reason: `Abusive language (${abusive.join(', ')}): flagged to ops, no automatic reply. ${decision.reason}`,
    countsTowardQuota: opened !== null,
    vars: { ...decision.vars, abusivePhrases: abusive.join(', ') },
    opsFlags: [...decision.opsFlags, 'abusiveLanguage'],
    detectedLanguage: decision.detectedLanguage,
    replyLanguage: decision.replyLanguage,
    accountId: decision.accountId,
  };
}
