import { type BusinessCalendar, compileCalendars } from '../calendar/index.js';
import { TARGET_NAMES, type TargetRule } from '../plan-schema.js';
import type { Policy } from '../policy-schema.js';
import { checkSeverity, findPlan, isPlanSnapshot, type PlanSnapshot } from './plan-snapshot.js';
import { targetBusinessMs, warningBusinessMs } from './target-duration.js';
import { UnknownIdError } from './unknown-id-error.js';

/** A target rule with its compiled calendar and business times, ready for arithmetic. */
export interface ResolvedTarget {
  rule: TargetRule;
  calendar: BusinessCalendar;
  businessMs: number;
  warnMs: number;
}

/** What computing due times needs, from either a live policy or a case's plan snapshot. */
export interface Contract {
  policyId: string;
  timezone: string;
  warningFraction: number;
  /** Targets of one plan and severity, in the order firstResponse, resolution1, resolution2. */
  targets: readonly ResolvedTarget[];
}

/** plan id → severity id → contract; nested maps, so a lookup builds no key string. */
type TargetIndex = Map<string, Map<string, Contract>>;

const indexes = new WeakMap<Policy | PlanSnapshot, TargetIndex>();

function buildIndex(source: Policy | PlanSnapshot): TargetIndex {
  const calendars = compileCalendars(source.calendars, source.timezone);
  const plans = isPlanSnapshot(source) ? [source.plan] : source.plans;
  const policyId = isPlanSnapshot(source) ? source.policyId : source.id;
  const index: TargetIndex = new Map();
  for (const plan of plans) {
    const bySeverity = new Map<string, Contract>();
    for (const severity of source.severities) {
      const targets = plan.targets
        .filter((rule) => rule.severity === severity.id)
        .sort((a, b) => TARGET_NAMES.indexOf(a.target) - TARGET_NAMES.indexOf(b.target))
        .map((rule) => {
          const calendar = calendars.get(rule.calendar)!;
          const businessMs = targetBusinessMs(rule, calendar);
          return {
            rule,
            calendar,
            businessMs,
            warnMs: warningBusinessMs(businessMs, source.warningFraction),
          };
        });
      bySeverity.set(severity.id, {
        policyId,
        timezone: source.timezone,
        warningFraction: source.warningFraction,
        targets,
      });
    }
    index.set(plan.id, bySeverity);
  }
  return index;
}

/** Resolves plan and severity; throws UnknownIdError listing the valid ids when either is unknown. */
export function resolveContract(source: Policy | PlanSnapshot, planId: string, severityId: string): Contract {
  let index = indexes.get(source);
  if (!index) {
    index = buildIndex(source);
    indexes.set(source, index);
  }
  const contract = index.get(planId)?.get(severityId);
  if (contract) return contract;
  const policyId = isPlanSnapshot(source) ? source.policyId : source.id;
  if (isPlanSnapshot(source)) {
    if (source.plan.id !== planId) {
      throw new UnknownIdError(
        'plan',
        planId,
        [source.plan.id],
        ` in the plan snapshot of policy ${JSON.stringify(policyId)}`,
      );
    }
  } else {
    findPlan(source, planId);
  }
  checkSeverity(source.severities, severityId, policyId);
  // Unreachable: the index holds every (plan, severity) pair the checks above accept.
  throw new Error(`no contract for plan ${planId} and severity ${severityId}`);
}
