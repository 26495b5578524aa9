import type { Decision } from '../policy/decision-types.js';

/** The triage decisions, each its own outcome label. */
const DECISION_OUTCOMES: ReadonlySet<string> = new Set<Decision['outcome']>([
  'accept',
  'decline',
  'paidOffer',
  'redirect',
  'registerLicence',
  'overQuota',
  'noReply',
]);

/**
 * The `support_intake_mails_total` outcome of an ingest or triage job from what its stage
 * returned, or undefined when the mail is not finished there (an ingest job of an earlier
 * version that handed the mail to a triage job). A fixed set of words: the stages' results
 * name cases and reasons, which are no labels.
 */
export function mailOutcome(queue: 'ingest' | 'triage', result: string): string | undefined {
  // Ingest triages new mail in the same job: its result is then triage's.
  if (result.startsWith('quarantined')) return 'quarantined';
  const decision = result.split(/[\s:]/, 1)[0] ?? '';
  if (DECISION_OUTCOMES.has(decision)) return decision;
  if (queue === 'ingest') {
    // A job queued by an earlier version, which handed new mail to a triage job of its own.
    if (result === 'triage') return undefined;
    if (result.startsWith('engineer reply')) return 'engineer-reply';
    if (result.startsWith('follow-up')) return 'follow-up';
    // A follow-up whose sender did not authenticate: recorded, changes nothing.
    if (result.startsWith('unverified follow-up')) return 'unverified-follow-up';
    if (result === 'ignored') return 'automatic';
    if (result.startsWith('ignored: unauthenticated staff')) return 'unauthenticated-staff';
    if (result.startsWith('ignored: staff mail without a case')) return 'staff-without-case';
    if (result.startsWith('ignored')) return 'ignored';
    return 'other';
  }
  return 'other';
}
