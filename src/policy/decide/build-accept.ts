import type {
  AcceptDecision,
  Billing,
  CaseToOpen,
  CustomerFacts,
  NoticeId,
  OpsFlag,
  TemplateVars,
} from '../decision-types.js';
import type { Policy } from '../policy-schema.js';
import type { ScopeVerdict } from '../rules/check-scope.js';
import { isOnTwoLatestLines } from '../rules/check-version.js';
import { classifySeverity, type SeverityClassification } from '../rules/classify-severity.js';
import { queuePriority } from '../rules/queue-priority.js';
import { containsAnyPhrase } from '../rules/text-match.js';
import type { ParsedVersion } from '../rules/version.js';
import type { NoPlanRule } from '../rules-schema.js';
import { computeTargets, isoInZone } from '../sla.js';
import { baseFields, type DecisionContext, paidSupportVars } from './context.js';

/** What the earlier checks established about a mail that is going to be accepted. */
export interface AcceptFacts {
  customer: CustomerFacts | null;
  planId: string | null;
  paidSupport: Extract<NoPlanRule, { action: 'paidSupport' }> | null;
  unauthenticated: boolean;
  newContactLicenceKey: string | null;
  scope: ScopeVerdict;
  reportedVersion: ParsedVersion | null;
  /** `upgradeRequired`/`unsupportedPlatform` when the reply asks the customer to act first. */
  template: AcceptDecision['template'];
  /** Notices and vars the version/platform checks contributed. */
  notices: NoticeId[];
  vars: TemplateVars;
}

/** Severity, targets, billing, routing and the ack's notices for a mail that opens a case. */
export function buildAccept(context: DecisionContext, facts: AcceptFacts): AcceptDecision {
  const { policy, rules, input } = context;
  const severityIds = policy.severities.map((severity) => severity.id);
  const classification = classifySeverity(rules.severity, severityIds, context.text);
  const severity = classification.severity;
  const customer = facts.customer;

  const billing = billingOf(context, facts);
  // A forged From must earn nothing a paid plan promises: no targets, no phone line, no quota.
  const unverified = facts.unauthenticated;
  const targets =
    facts.planId === null || unverified ? [] : computeTargets(policy, facts.planId, severity, input.now);
  const forwardToReseller = rules.routing.forwardToReseller ? (customer?.reseller ?? null) : null;
  const notices: NoticeId[] = [...facts.notices];
  const vars: TemplateVars = { ...facts.vars, ...severityVars(policy, severity, facts.planId) };
  const opsFlags: OpsFlag[] = [];

  if (context.inOtherLanguage) notices.push('languageNotice');
  if (billing.kind === 'paidHourly') {
    notices.push('paidSupportRate');
    Object.assign(vars, paidSupportVars(rules));
  }
  const phone = unverified ? null : phoneForAck(policy, facts.planId, severity, customer);
  if (phone !== null) {
    notices.push('phoneFollowUp');
    vars.phone = phone;
  }
  const releasePlan = policy.severities.find((candidate) => candidate.id === severity)?.releasePlan;
  if (releasePlan !== undefined) {
    notices.push('releasePlan');
    vars.releasePlan = releasePlan;
  }
  // "We only check the configurations made by you" only means something on a plan; paid hourly
  // work can be ordered whatever it is.
  if (facts.scope.checkOnly.length > 0 && billing.kind === 'plan') {
    notices.push('checkOnly');
    vars.checkOnlyTopics = facts.scope.checkOnly.map((hit) => hit.exclusion.label).join(', ');
  }
  if (facts.scope.flagOps.length > 0) {
    notices.push('notGrantedAutomatically');
    vars.flaggedTopics = facts.scope.flagOps.map((hit) => hit.exclusion.label).join(', ');
    for (const hit of facts.scope.flagOps) opsFlags.push(`scope:${hit.exclusion.id}`);
  }
  if (forwardToReseller !== null) {
    notices.push('forwardedToReseller');
    vars.resellerName = forwardToReseller.name;
  }
  if (unverified) {
    opsFlags.push('unauthenticatedSender');
    notices.push('unverifiedSender');
  }
  if (facts.newContactLicenceKey !== null) opsFlags.push('newContactByLicence');
  const firstResponse = targets.find((target) => target.name === 'firstResponse');
  if (firstResponse?.due) vars.firstResponseDue = isoInZone(firstResponse.due.getTime(), policy.timezone);

  const openCase: CaseToOpen = {
    accountId: customer?.accountId ?? null,
    planId: facts.planId,
    severity,
    severitySource: classification.source,
    impactWords: classification.impactWords,
    components: facts.scope.components,
    targets,
    status: facts.template === 'ack' ? 'new' : 'waitingOnCustomer',
    billing,
    queuePriority: queuePriority(
      { ordering: rules.routing.ordering, plans: policy.plans, severityIds },
      facts.planId,
      severity,
      facts.unauthenticated,
    ),
    forwardToReseller,
    recordContact:
      facts.newContactLicenceKey === null || customer === null
        ? null
        : {
            accountId: customer.accountId,
            email: input.mail.from,
            name: input.mail.fromName,
            licenceKey: facts.newContactLicenceKey,
          },
    reportedVersion: facts.reportedVersion?.text ?? null,
  };
  return {
    ...baseFields(context, customer, acceptReason(policy, openCase, classification), vars, opsFlags),
    outcome: 'accept',
    template: facts.template,
    countsTowardQuota: !unverified,
    case: openCase,
    notices,
  };
}

/**
 * Kolmisoft: no plan or a free plan is paid support at the hourly rate, except a bug report on
 * one of the two latest versions, which is fixed free. The claim "it is a bug" is the
 * customer's; an engineer can still charge if it turns out to be misconfiguration.
 */
function billingOf(context: DecisionContext, facts: AcceptFacts): Billing {
  const paid = facts.paidSupport;
  if (paid === null) return { kind: 'plan' };
  const versions = context.rules.eligibility.versions;
  if (
    paid.freeBugFix !== undefined &&
    facts.reportedVersion !== null &&
    containsAnyPhrase(context.text.all, paid.freeBugFix.phrases) &&
    isOnTwoLatestLines(versions, facts.reportedVersion)
  ) {
    return { kind: 'freeBugFix', version: facts.reportedVersion.text };
  }
  const rate = context.rules.paidSupport;
  return { kind: 'paidHourly', hourlyRate: rate?.hourlyRate ?? 0, currency: rate?.currency ?? '' };
}

/**
 * The number the ack tells the customer to call, or null. The policy's phone rules say which
 * acks carry one (Netop critical, Perfana enterprise SEV1); Netop prefers the reseller's own
 * first-level line over the policy's.
 */
function phoneForAck(
  policy: Policy,
  planId: string | null,
  severity: string,
  customer: CustomerFacts | null,
): string | null {
  const phone = policy.phone;
  if (phone === undefined || planId === null) return null;
  const applies = phone.inAck.some(
    (rule) =>
      (rule.plan === undefined || rule.plan === planId) &&
      (rule.severity === undefined || rule.severity === severity),
  );
  if (!applies) return null;
  const resellerPhone = policy.rules.routing.preferResellerPhone ? customer?.reseller?.phone : undefined;
  return resellerPhone ?? phone.number;
}

function severityVars(policy: Policy, severity: string, planId: string | null): TemplateVars {
  const vars: TemplateVars = { severity };
  const label = policy.severities.find((candidate) => candidate.id === severity)?.label;
  if (label !== undefined) vars.severityLabel = label;
  if (planId !== null) {
    vars.planId = planId;
    const planLabel = policy.plans.find((plan) => plan.id === planId)?.label;
    if (planLabel !== undefined) vars.planLabel = planLabel;
  }
  return vars;
}

function acceptReason(policy: Policy, openCase: CaseToOpen, classification: SeverityClassification): string {
  const how =
    classification.source === 'subjectTag'
      ? `subject says ${classification.matched.join(', ')}`
      : classification.source === 'impactRule'
        ? `impact: ${classification.matched.join(', ')}`
        : 'no impact words, default severity';
  const workaround = classification.downgradedForWorkaround ? ', one level down for a stated workaround' : '';
  const plan = openCase.planId === null ? 'without a plan' : `on plan ${openCase.planId}`;
  const billing =
    openCase.billing.kind === 'paidHourly'
      ? `, paid support at ${openCase.billing.hourlyRate} ${openCase.billing.currency}/h`
      : openCase.billing.kind === 'freeBugFix'
        ? `, bug on ${openCase.billing.version} fixed free`
        : '';
  const waiting = openCase.status === 'waitingOnCustomer' ? ', waiting on the customer' : '';
  return `Accepted ${plan} as ${openCase.severity} (${how}${workaround})${billing}${waiting} under policy ${policy.id}.`;
}
