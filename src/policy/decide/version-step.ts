import type {
  AcceptDecision,
  CustomerFacts,
  NoticeId,
  ReplyDecision,
  TemplateVars,
} from '../decision-types.js';
import { findUnsupportedPlatform } from '../rules/check-platform.js';
import { asksForUpgradeHelp, checkVersion } from '../rules/check-version.js';
import { baseFields, type DecisionContext } from './context.js';

export type VersionStep =
  | { kind: 'decline'; decision: ReplyDecision }
  | { kind: 'continue'; template: AcceptDecision['template']; notices: NoticeId[]; vars: TemplateVars };

/** Version and operating-system rules: decline, or the ack template and notices they call for. */
export function versionAndPlatform(context: DecisionContext, customer: CustomerFacts | null): VersionStep {
  const { rules, input, policy } = context;
  const versions = rules.eligibility.versions;
  const verdict = checkVersion(versions, context.text, customer?.productVersion, input.now, policy.timezone);
  const notices: NoticeId[] = [];
  const vars: TemplateVars = {};
  let template: AcceptDecision['template'] = 'ack';

  switch (verdict.status) {
    case 'preRelease': {
      const shown = verdict.version?.text ?? verdict.marker;
      return {
        kind: 'decline',
        decision: {
          ...baseFields(context, customer, `Pre-release version (${shown}) is not supported.`, {
            version: shown,
          }),
          outcome: 'decline',
          template: 'unsupportedVersion',
          declineReason: 'preReleaseVersion',
          exclusionId: null,
        },
      };
    }
    case 'endOfLife': {
      const eolVars: TemplateVars = { version: verdict.version.text };
      if (verdict.endedOn !== null) eolVars.endOfLifeDate = verdict.endedOn;
      if (!asksForUpgradeHelp(versions, context.text)) {
        return {
          kind: 'decline',
          decision: {
            ...baseFields(
              context,
              customer,
              `Version ${verdict.version.text} has reached end of life.`,
              eolVars,
            ),
            outcome: 'decline',
            template: 'endOfLife',
            declineReason: 'endOfLife',
            exclusionId: null,
          },
        };
      }
      // "The only exception is for assistance related to upgrading from your EOL version."
      notices.push('endOfLifeUpgradeOnly');
      Object.assign(vars, eolVars);
      break;
    }
    case 'olderThanLatest':
      template = 'upgradeRequired';
      Object.assign(vars, { version: verdict.version.text, latestVersion: verdict.latestVersion });
      break;
    case 'supported':
      vars.version = verdict.version.text;
      break;
    case 'unknown':
      break;
  }

  const platform = findUnsupportedPlatform(rules.eligibility.platforms, context.text, customer?.platform);
  if (platform !== null) {
    vars.platform = platform.label;
    // One reply at a time: the upgrade request already asks them to act; the OS goes in as a notice.
    if (template === 'ack') template = 'unsupportedPlatform';
    else notices.push('unsupportedPlatform');
  }
  return { kind: 'continue', template, notices, vars };
}
