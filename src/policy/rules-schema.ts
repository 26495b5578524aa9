import { z } from 'zod';
import { superLinearRisk } from './regex-safety.js';

// The `rules:` section of a policy file: every intake decision a vendor's support policy makes,
// and every assumption where its text is silent, as plain settings (docs/policies.md). Defaults
// are the "rule is off" values so a policy only spells out the rules its vendor actually has.
//
// Phrases are matched case-insensitively on whole words (see rules/text-match.ts); a phrase
// ending in `*` matches any word that starts with it ("install*" matches "installing").

const phrase = z.string().trim().min(1, 'a non-empty phrase');
const phraseList = z.array(phrase);
const id = z.string().trim().min(1, 'a non-empty id');
const languageCode = z.string().regex(/^[a-z]{2}$/, 'a two-letter ISO 639-1 language code such as "en"');
const isoDate = z.iso.date('a calendar date written YYYY-MM-DD');

/**
 * A regular expression source written in YAML; rejected at load time when it does not compile
 * or has a shape that backtracks super-linearly on crafted text (it runs on customer mail).
 */
const regexSource = z
  .string()
  .refine(
    (source) => {
      try {
        new RegExp(source, 'iu');
        return true;
      } catch {
        return false;
      }
    },
    { message: 'a valid regular expression' },
  )
  .superRefine((source, ctx) => {
    const risk = superLinearRisk(source);
    if (risk !== null) ctx.addIssue({ code: 'custom', message: `a linear-time regular expression: ${risk}` });
  });

/** Phrases that set one severity, tried in list order; the first rule with a hit wins. */
const impactRuleSchema = z.strictObject({
  severity: id,
  phrases: phraseList.min(1),
  /** Phrases that cancel a hit, e.g. "not in production" must not make a case critical. */
  except: phraseList.default([]),
});

const severityRulesSchema = z
  .strictObject({
    /** Used when neither a subject tag nor an impact rule matches; absent = the policy's lowest severity. */
    default: id.optional(),
    /** Explicit severity words in the subject (e.g. "[Critical]", "SEV1"); they win over everything else. */
    subjectTags: z.array(z.strictObject({ severity: id, phrases: phraseList.min(1) })).default([]),
    impactRules: z.array(impactRuleSchema).default([]),
    /** Impact words recorded on the case for ops but never used to set the severity (FastNetMon: FIFO). */
    recordedImpactWords: phraseList.default([]),
    /** Netop: a stated workaround lowers the severity one level (critical → high → medium → low). */
    workaroundDowngrade: z
      .strictObject({
        phrases: phraseList.min(1),
        /** "no workaround", "is there a workaround?" say the opposite and cancel the downgrade. */
        except: phraseList.default([]),
      })
      .optional(),
  })
  .prefault({});

const scopeComponentSchema = z.strictObject({ id, label: z.string().min(1), phrases: phraseList.min(1) });

export const scopeActions = ['decline', 'paidOffer', 'checkOnly', 'flagOps'] as const;
export type ScopeAction = (typeof scopeActions)[number];

const scopeExclusionSchema = z.strictObject({
  id,
  label: z.string().min(1),
  phrases: phraseList.min(1),
  /**
   * decline: templated outOfScope reply, no case. paidOffer: reply offering the work as a paid
   * service, no case. checkOnly: case accepted with a note that only the customer's own work is
   * checked (Kolmisoft premium/basic configuration). flagOps: case accepted, ops flagged, the
   * request itself is never granted automatically (FastNetMon remote SSH access).
   */
  action: z.enum(scopeActions),
  /** Plans for which this topic is in scope after all (Kolmisoft enterprise: configuration on request). */
  includedInPlans: z.array(id).default([]),
  /** The exclusion is ignored when the mail also names an in-scope component (third-party noise). */
  yieldsToComponent: z.boolean().default(false),
  /** Key into `pointers`: where the reply sends the customer instead (e.g. the partner list). */
  pointer: id.optional(),
});

const pointerSchema = z.strictObject({ text: z.string().min(1), url: z.url().optional() });

const scopeSchema = z
  .strictObject({
    /** Components that are supported; naming one is recorded and overrides `yieldsToComponent` exclusions. */
    components: z.array(scopeComponentSchema).default([]),
    /** Checked in list order; the first decline/paidOffer hit decides. */
    exclusions: z.array(scopeExclusionSchema).default([]),
  })
  .prefault({});

/** What happens to a known customer without a paid plan (no plan, or a plan with `paid: false`). */
const noPlanSchema = z.discriminatedUnion('action', [
  /** Not eligible: notEligible reply, no case (FastNetMon: support comes with the subscription). */
  z.strictObject({ action: z.literal('notEligible') }),
  /** Community support only: reply pointing to the community channel, no case (Perfana free). */
  z.strictObject({ action: z.literal('community'), pointer: id }),
  /** Case accepted as paid support at the `paidSupport` hourly rate, the ack says so (Kolmisoft). */
  z.strictObject({
    action: z.literal('paidSupport'),
    /** A bug report on one of the two latest versions is fixed free (needs versions.support.rule twoLatest). */
    freeBugFix: z.strictObject({ phrases: phraseList.min(1) }).optional(),
  }),
]);

/** The hourly rate of paid work: no-plan cases and paidOffer scope items (Kolmisoft 100 EUR/h). */
const paidSupportSchema = z.strictObject({
  hourlyRate: z.number().positive(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code such as "EUR"'),
  /** Pointer id of where paid work is ordered (Kolmisoft support system). */
  pointer: id.optional(),
});

export const contactRoles = ['administrator', 'account-holder', 'end-user', 'contact'] as const;
export type ContactRole = (typeof contactRoles)[number];

const rolesSchema = z
  .strictObject({
    /** Roles that may open cases. */
    allowed: z.array(z.enum(contactRoles)).default([...contactRoles]),
    /** Roles redirected to their administrator (Perfana end-users); any other role is not eligible. */
    redirectToAdministrator: z.array(z.enum(contactRoles)).default([]),
  })
  .prefault({});

const versionLineSchema = z.strictObject({
  /** A release line as customers write it: "2.2" covers 2.2.0, 2.2.7, ... */
  line: z.string().min(1),
  released: isoDate,
});

const versionSupportSchema = z.discriminatedUnion('rule', [
  /** No version rule. */
  z.strictObject({ rule: z.literal('any') }),
  /** FastNetMon: only the latest stable version; an older one gets the case waiting with an upgrade reply. */
  z.strictObject({ rule: z.literal('latestOnly'), latestVersion: z.string().min(1) }),
  /**
   * Perfana: a line is supported for `supportYears` after the next line's release; the newest line
   * always. Versions older than the first listed line are end of life. Oldest line first.
   */
  z.strictObject({
    rule: z.literal('supportWindow'),
    supportYears: z.number().positive(),
    lines: z.array(versionLineSchema).min(1),
    /** An end-of-life version still gets help with upgrading when the mail asks for it. */
    upgradeHelpPhrases: phraseList.default([]),
  }),
  /** Kolmisoft: the last two lines are "the two latest versions" (free bug fixes). Oldest first. */
  z.strictObject({ rule: z.literal('twoLatest'), lines: z.array(z.string().min(1)).min(2) }),
]);

const versionsSchema = z
  .strictObject({
    /** Product names that may precede a version number in a mail ("FastNetMon 1.2.8", "MOR X8"). */
    productNames: phraseList.default([]),
    support: versionSupportSchema.default({ rule: 'any' }),
    /** Suffix words that mark a non-production build ("3.0.0-SNAPSHOT", "2.3.0-RC1"). */
    preReleaseMarkers: z.array(z.string().min(1)).default([]),
    /** Phrases that say the same in prose ("we run the beta version"). */
    preReleasePhrases: phraseList.default([]),
  })
  .prefault({});

const platformsSchema = z
  .strictObject({
    /** Operating systems outside vendor support (FastNetMon): the case waits on the customer. */
    unsupported: z
      .array(z.strictObject({ id, label: z.string().min(1), phrases: phraseList.min(1) }))
      .default([]),
  })
  .prefault({});

const licenceSchema = z.strictObject({
  /** How a licence key looks in mail text; matched case-insensitively as a whole token. */
  keyPattern: regexSource,
});

const eligibilitySchema = z
  .strictObject({
    /** Sender not in the customer directory: notEligible reply, treated as a customer without plan, or licence lookup (Netop). */
    unknownSender: z.enum(['notEligible', 'noPlan', 'licenceLookup']).default('notEligible'),
    /**
     * Sender in the directory whose domain did not authenticate (docs/architecture.md, "Trust"). trust: as
     * authenticated. lowestPriority (the unverified treatment): a case is opened for that customer,
     * queued last and flagged to ops, but without the plan's targets or phone line and not counted
     * against the quota.
     * treatAsUnknown: handled like a sender not in the directory.
     */
    unauthenticatedSender: z.enum(['trust', 'lowestPriority', 'treatAsUnknown']).default('lowestPriority'),
    /** Plan of a known customer whose directory entry has none (Netop: every licence holder is `standard`). */
    defaultPlan: id.optional(),
    noPlan: noPlanSchema.default({ action: 'notEligible' }),
    roles: rolesSchema,
    /** Perfana: a maintenance agreement that ended before today (policy zone) is not eligible. */
    maintenanceRequired: z.boolean().default(false),
    licence: licenceSchema.optional(),
    versions: versionsSchema,
    platforms: platformsSchema,
  })
  .prefault({});

const languagesSchema = z
  .strictObject({
    /** Languages replies can be written in; the first is the fallback. */
    supported: z.array(languageCode).min(1).default(['en']),
    /**
     * Mail detected in another language. ignore: nothing special. acceptWithNotice: case made,
     * reply in the fallback language with a notice (FastNetMon, Perfana). decline: languageNotice
     * reply only, no case.
     */
    otherLanguages: z.enum(['ignore', 'acceptWithNotice', 'decline']).default('ignore'),
  })
  .prefault({});

const quotaSchema = z
  .strictObject({
    /** Accepted new cases per calendar month (policy time zone) when the directory sets none; null = no quota. */
    monthlyDefault: z.number().int().positive().nullable().default(null),
  })
  .prefault({});

const conductSchema = z
  .strictObject({
    /** Swearing and insults: flagged to ops on the case, and no automatic reply is sent. */
    abusivePhrases: phraseList.default([]),
  })
  .prefault({});

const routingSchema = z
  .strictObject({
    /** Netop: accounts bought through a reseller get the case forwarded there as first level. */
    forwardToReseller: z.boolean().default(false),
    /** Netop: the critical ack gives the reseller's phone number when it has one, else the policy's. */
    preferResellerPhone: z.boolean().default(false),
    /** fifo: arrival order (FastNetMon). planThenSeverity: plan queueRank, then severity (Kolmisoft). */
    ordering: z.enum(['fifo', 'planThenSeverity']).default('fifo'),
  })
  .prefault({});

export const rulesSchema = z
  .strictObject({
    severity: severityRulesSchema,
    scope: scopeSchema,
    eligibility: eligibilitySchema,
    languages: languagesSchema,
    quota: quotaSchema,
    conduct: conductSchema,
    routing: routingSchema,
    paidSupport: paidSupportSchema.optional(),
    /** Where replies send customers instead: partner list, community channel, docs. Keyed by id. */
    pointers: z.record(id, pointerSchema).default({}),
  })
  .superRefine((rules, ctx) => {
    // References inside the rules section; references to plans and severities are checked by
    // crossCheckRules (rules-cross-checks.ts) once the whole policy is known.
    const pointerIds = Object.keys(rules.pointers);
    const checkPointer = (path: PropertyKey[], pointer: string | undefined): void => {
      if (pointer === undefined || pointerIds.includes(pointer)) return;
      ctx.addIssue({
        code: 'custom',
        path,
        message: `one of the pointers ids (${pointerIds.join(', ') || 'none defined'})`,
      });
    };
    rules.scope.exclusions.forEach((exclusion, index) => {
      checkPointer(['scope', 'exclusions', index, 'pointer'], exclusion.pointer);
    });
    const noPlan = rules.eligibility.noPlan;
    if (noPlan.action === 'community') checkPointer(['eligibility', 'noPlan', 'pointer'], noPlan.pointer);
    checkPointer(['paidSupport', 'pointer'], rules.paidSupport?.pointer);

    const needsRate =
      noPlan.action === 'paidSupport' ||
      rules.scope.exclusions.some((exclusion) => exclusion.action === 'paidOffer');
    if (needsRate && rules.paidSupport === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['paidSupport'],
        message:
          'a paidSupport section (hourlyRate, currency) because paid support or a paidOffer exclusion is used',
      });
    }
    if (rules.eligibility.unknownSender === 'licenceLookup' && rules.eligibility.licence === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['eligibility', 'licence'],
        message: 'a licence section (keyPattern) because unknownSender is licenceLookup',
      });
    }
    if (noPlan.action === 'paidSupport' && noPlan.freeBugFix !== undefined) {
      if (rules.eligibility.versions.support.rule !== 'twoLatest') {
        ctx.addIssue({
          code: 'custom',
          path: ['eligibility', 'versions', 'support', 'rule'],
          message: '"twoLatest" because noPlan.freeBugFix needs the two latest versions',
        });
      }
    }
  });

export type Rules = z.output<typeof rulesSchema>;
export type SeverityRules = Rules['severity'];
export type ScopeRules = Rules['scope'];
export type ScopeExclusion = ScopeRules['exclusions'][number];
export type EligibilityRules = Rules['eligibility'];
export type NoPlanRule = EligibilityRules['noPlan'];
export type VersionRules = EligibilityRules['versions'];
export type VersionSupportRule = VersionRules['support'];
export type LanguageRules = Rules['languages'];
export type Pointer = Rules['pointers'][string];
export type PaidSupportRate = NonNullable<Rules['paidSupport']>;
