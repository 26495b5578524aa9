import type { ReplyDecision, TemplateVars } from '../decision-types.js';
import type { EligibilityVerdict } from '../rules/check-eligibility.js';
import { baseFields, type DecisionContext, pointerVars } from './context.js';

/** The reply for a sender who may not open a case (step 1 of the precedence). */
export function ineligible(
  context: DecisionContext,
  verdict: Exclude<EligibilityVerdict, { eligible: true }>,
): ReplyDecision {
  switch (verdict.verdict) {
    case 'registerLicence':
      return {
        ...baseFields(
          context,
          null,
          verdict.unknownLicenceKeys.length === 0
            ? 'Sender is not registered and quoted no licence key.'
            : `Sender is not registered and the licence key(s) ${verdict.unknownLicenceKeys.join(', ')} are unknown.`,
          verdict.unknownLicenceKeys.length === 0
            ? {}
            : { quotedLicenceKeys: verdict.unknownLicenceKeys.join(', ') },
        ),
        outcome: 'registerLicence',
        template: 'registerLicence',
        unknownLicenceKeys: verdict.unknownLicenceKeys,
      };
    case 'redirectToAdministrator': {
      const admin = verdict.customer.administrator;
      const vars: TemplateVars = {};
      if (admin !== undefined) {
        vars.administratorEmail = admin.email;
        if (admin.name !== undefined) vars.administratorName = admin.name;
      }
      return {
        ...baseFields(
          context,
          verdict.customer,
          `Role ${verdict.customer.role} is redirected to the administrator.`,
          vars,
        ),
        outcome: 'redirect',
        template: 'endUserRedirect',
        redirectTo: 'administrator',
      };
    }
    case 'community':
      return {
        ...baseFields(
          context,
          verdict.customer,
          'No paid support plan: community support only.',
          pointerVars(context.rules, verdict.pointer),
        ),
        outcome: 'redirect',
        template: 'communityPointer',
        redirectTo: 'community',
      };
    case 'notEligible': {
      const vars: TemplateVars = {};
      const maintenanceUntil = verdict.customer?.maintenanceUntil;
      if (verdict.why === 'maintenanceExpired' && maintenanceUntil !== undefined) {
        vars.maintenanceUntil = maintenanceUntil;
      }
      return {
        ...baseFields(context, verdict.customer, NOT_ELIGIBLE_REASONS[verdict.why], vars),
        outcome: 'decline',
        template: 'notEligible',
        declineReason: verdict.why,
        exclusionId: null,
      };
    }
  }
}

const NOT_ELIGIBLE_REASONS = {
  unknownSender: 'Sender is not in the customer directory.',
  roleNotAllowed: 'The contact role may not open cases.',
  maintenanceExpired: 'The maintenance agreement has expired.',
  noPaidPlan: 'The account has no paid support plan.',
} as const;
