import type { CustomerFacts, DecideInput, DecisionBase, OpsFlag, TemplateVars } from '../decision-types.js';
import type { Policy } from '../policy-schema.js';
import { detectLanguage } from '../rules/detect-language.js';
import { type MailText, mailText } from '../rules/mail-text.js';
import type { Pointer, Rules } from '../rules-schema.js';

/** Everything decide() derives once from its input and every step reads. */
export interface DecisionContext {
  input: DecideInput;
  policy: Policy;
  rules: Rules;
  text: MailText;
  detectedLanguage: string | null;
  replyLanguage: string;
  /** The mail is in a language the policy does not support and the policy cares (not `ignore`). */
  inOtherLanguage: boolean;
}

export function decisionContext(input: DecideInput): DecisionContext {
  const { policy } = input;
  const rules = policy.rules;
  const text = mailText(input.mail.subject, input.mail.text);
  const supported = rules.languages.supported;
  const detected = detectLanguage(`${text.rawSubject}\n${text.rawBody}`).language;
  const hinted = input.customer?.language ?? null;
  const fallback = supported[0] ?? 'en';
  // The mail's own language wins over the directory's preference: people write in the
  // language they want an answer in. The preference only helps when detection cannot tell.
  const replyLanguage =
    detected !== null && supported.includes(detected)
      ? detected
      : detected === null && hinted !== null && supported.includes(hinted)
        ? hinted
        : fallback;
  return {
    input,
    policy,
    rules,
    text,
    detectedLanguage: detected,
    replyLanguage,
    inOtherLanguage:
      detected !== null && !supported.includes(detected) && rules.languages.otherLanguages !== 'ignore',
  };
}

/** Fields every decision carries; `vars` start with what any template may print. */
export type DecisionBaseFields = DecisionBase;

export function baseFields(
  context: DecisionContext,
  customer: CustomerFacts | null,
  reason: string,
  extraVars: TemplateVars = {},
  opsFlags: OpsFlag[] = [],
): DecisionBaseFields {
  const vars: TemplateVars = {
    policyName: context.policy.name,
    supportedLanguages: context.rules.languages.supported.join(', '),
  };
  if (customer !== null) {
    vars.accountName = customer.accountName;
    if (customer.name !== undefined) vars.contactName = customer.name;
  } else if (context.input.mail.fromName !== null) {
    vars.contactName = context.input.mail.fromName;
  }
  return {
    reason,
    countsTowardQuota: false,
    vars: { ...vars, ...extraVars },
    opsFlags,
    detectedLanguage: context.detectedLanguage,
    replyLanguage: context.replyLanguage,
    accountId: customer?.accountId ?? null,
  };
}

/** Template variables for a pointer (partner list, community channel): `pointerText`, `pointerUrl`. */
export function pointerVars(rules: Rules, pointerId: string | undefined): TemplateVars {
  if (pointerId === undefined) return {};
  const pointer: Pointer | undefined = rules.pointers[pointerId];
  if (pointer === undefined) return {};
  return pointer.url === undefined
    ? { pointerText: pointer.text }
    : { pointerText: pointer.text, pointerUrl: pointer.url };
}

/** `hourlyRate`, `currency` and where to order paid work, when the policy has paid support. */
export function paidSupportVars(rules: Rules): TemplateVars {
  const paid = rules.paidSupport;
  if (paid === undefined) return {};
  const where = pointerVars(rules, paid.pointer);
  return {
    hourlyRate: paid.hourlyRate,
    currency: paid.currency,
    ...(where.pointerUrl === undefined ? {} : { paidSupportUrl: where.pointerUrl }),
  };
}
