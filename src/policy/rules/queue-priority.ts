// Queue order of new cases as a BullMQ priority (0 = plain arrival order; otherwise 1 is served
// first). Kolmisoft: "by plan priority (enterprise > premium > basic > free), then priority";
// FastNetMon: "all queries in order as they arrive".

export interface QueueRankFacts {
  ordering: 'fifo' | 'planThenSeverity';
  /** Plans with their queue rank (1 = first). */
  plans: readonly { id: string; queueRank?: number }[];
  /** Severity ids, highest first. */
  severityIds: readonly string[];
}

/** Room for severities within one plan rank; no policy comes close to 100 severities. */
const SEVERITY_SLOTS = 100;

/**
 * @param planId null for a case without a plan, which ranks after every plan.
 * @param demoted an unauthenticated sender: ranked after everything else (docs/architecture.md, "Trust").
 */
export function queuePriority(
  facts: QueueRankFacts,
  planId: string | null,
  severityId: string,
  demoted: boolean,
): number {
  if (facts.ordering === 'fifo') return 0;
  // A plan without a queueRank ranks by its position in the policy file.
  const ranks = facts.plans.map((plan, index) => ({ id: plan.id, rank: plan.queueRank ?? index + 1 }));
  const lastRank = Math.max(0, ...ranks.map((entry) => entry.rank));
  const planRank = ranks.find((entry) => entry.id === planId)?.rank;
  const rank = demoted ? lastRank + 2 : (planRank ?? lastRank + 1);
  const severityIndex = facts.severityIds.indexOf(severityId);
  const severitySlot = severityIndex < 0 ? facts.severityIds.length : severityIndex;
  return rank * SEVERITY_SLOTS + severitySlot + 1;
}
