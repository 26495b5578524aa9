import type { ScopeAction, ScopeExclusion, ScopeRules } from '../rules-schema.js';
import type { MailText } from './mail-text.js';
import { matchedPhrases } from './text-match.js';

export interface ExclusionHit {
  exclusion: ScopeExclusion;
  matched: string[];
}

export interface ScopeVerdict {
  /** Ids of the in-scope components the mail names, recorded on the case. */
  components: string[];
  /** The exclusion that stops the case (decline or paidOffer), first in settings order; null if none. */
  blocking: (ExclusionHit & { action: Extract<ScopeAction, 'decline' | 'paidOffer'> }) | null;
  /** Exclusions that let the case through with a note (Kolmisoft: "we only check your configuration"). */
  checkOnly: ExclusionHit[];
  /** Exclusions that let the case through and alert ops (FastNetMon remote access). */
  flagOps: ExclusionHit[];
}

/**
 * Which scope rules a mail touches. A topic is in scope unless an exclusion matches: the seeds
 * list what is *not* supported, and a mail about something unlisted is given the benefit of the
 * doubt (a wrong accept costs an engineer a minute, a wrong decline costs the customer support).
 *
 * @param planId the plan the case would run under; exclusions listing it in includedInPlans are skipped.
 */
export function checkScope(rules: ScopeRules, planId: string | null, text: MailText): ScopeVerdict {
  const components = rules.components
    .filter((component) => matchedPhrases(text.all, component.phrases).length > 0)
    .map((component) => component.id);

  const hits: ExclusionHit[] = [];
  for (const exclusion of rules.exclusions) {
    if (planId !== null && exclusion.includedInPlans.includes(planId)) continue;
    if (exclusion.yieldsToComponent && components.length > 0) continue;
    const matched = matchedPhrases(text.all, exclusion.phrases);
    if (matched.length > 0) hits.push({ exclusion, matched });
  }

  let blocking: ScopeVerdict['blocking'] = null;
  for (const hit of hits) {
    const action = hit.exclusion.action;
    if (action === 'decline' || action === 'paidOffer') {
      blocking = { ...hit, action };
      break;
    }
  }
  return {
    components,
    blocking,
    checkOnly: hits.filter((hit) => hit.exclusion.action === 'checkOnly'),
    flagOps: hits.filter((hit) => hit.exclusion.action === 'flagOps'),
  };
}
