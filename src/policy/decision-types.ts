import type { Policy } from './policy-schema.js';
import type { ContactRole } from './rules-schema.js';
import type { TargetDue } from './sla.js';

// Plain data in and out of decide(). The pipeline builds the inputs from a parsed mail and the
// customer directory; the notify step renders `template` with `vars`; the store persists the
// case described by `case`. Nothing here refers to Redis, IMAP or a logger.

export type { ContactRole };

/** What the pipeline knows about one inbound mail. */
export interface MailFacts {
  /** Sender address, lower-cased. */
  from: string;
  /** Display name of the sender, or null. */
  fromName: string | null;
  to: string[];
  cc: string[];
  subject: string;
  /** Plain-text body (HTML converted by the parser); quoted history may still be in it. */
  text: string;
  /** The Date header, or null when missing or unparseable; the decision clock is `now`, not this. */
  date: Date | null;
  attachmentNames: string[];
  /**
   * True when the sender's domain authenticated (DKIM/SPF/DMARC per the receiving server or
   * mailauth). Plan priority is only granted to authenticated senders (docs/architecture.md, "Trust"); what
   * happens otherwise is the policy's `eligibility.unauthenticatedSender` setting.
   */
  authenticated: boolean;
}

export interface ResellerFacts {
  name: string;
  email: string;
  phone?: string;
}

/** Account-level facts from the customer directory, shared by every contact of the account. */
export interface AccountFacts {
  accountId: string;
  accountName: string;
  /** The account's plan id in this policy, or null for none. */
  planId: string | null;
  licenceKey?: string;
  /** Netop: the partner the licence was bought from, first-level support. */
  reseller?: ResellerFacts;
  /** Accepted new cases per calendar month; overrides the policy's quota.monthlyDefault. */
  monthlyQuota?: number;
  /** Product version on record, used when the mail states none. */
  productVersion?: string;
  /** Operating system on record, e.g. "Ubuntu 22.04", used with the mail text. */
  platform?: string;
  /** Last day of the maintenance agreement (YYYY-MM-DD, inclusive, policy zone). */
  maintenanceUntil?: string;
  /** Who end-users are sent to (Perfana). */
  administrator?: { name?: string; email: string };
}

/** One directory contact: the account plus who this person is. */
export interface CustomerFacts extends AccountFacts {
  /** Contact address, lower-cased. */
  email: string;
  name?: string;
  role: ContactRole;
  /** Preferred reply language (ISO 639-1) when the mail's own language cannot be told. */
  language?: string;
  timezone?: string;
}

/** Case state the decision depends on, read by the pipeline before deciding. */
export interface CaseFacts {
  /** Accepted new cases of this account so far in the current quota month, not counting this mail. */
  requestsThisMonth: number;
}

export interface DecideInput {
  mail: MailFacts;
  /** The directory entry for `mail.from`, or null when the sender is not in the directory. */
  customer: CustomerFacts | null;
  policy: Policy;
  caseState: CaseFacts;
  /** The decision clock: due times, quota month and end-of-life dates all derive from it. */
  now: Date;
  /**
   * Netop: the accounts owning the licence keys quoted in the mail, keyed by normalized key
   * (see extractLicenceKeys / normalizeLicenceKey). The pipeline looks up only the keys the mail
   * contains; keys absent from this record are unknown.
   */
  knownLicenceKeys?: Readonly<Record<string, AccountFacts>>;
}

/** Template ids the notify step renders; one per decision. */
export type TemplateId =
  | 'ack'
  | 'upgradeRequired'
  | 'unsupportedPlatform'
  | 'outOfScope'
  | 'endOfLife'
  | 'unsupportedVersion'
  | 'notEligible'
  | 'paidSupport'
  | 'communityPointer'
  | 'endUserRedirect'
  | 'registerLicence'
  | 'overQuota'
  | 'languageNotice';

/** Extra paragraphs an ack includes; each reads its values from `vars`. */
export type NoticeId =
  /** The mail is not in a supported language; support continues in `replyLanguage`. */
  | 'languageNotice'
  /** Kolmisoft: the case is paid support at `vars.hourlyRate` `vars.currency` per hour. */
  | 'paidSupportRate'
  /** Follow up by phone on `vars.phone` (Netop critical, Perfana enterprise SEV1). */
  | 'phoneFollowUp'
  /** Netop: what the severity means for a fix (`vars.releasePlan`). */
  | 'releasePlan'
  /** A flagOps scope topic (`vars.flaggedTopics`, FastNetMon remote access): never granted automatically, an engineer decides. */
  | 'notGrantedAutomatically'
  /** A checkOnly scope topic (`vars.checkOnlyTopics`, Kolmisoft premium/basic configuration): the customer's own work is checked, not done for them. */
  | 'checkOnly'
  /** Perfana: the version is end of life; only upgrade help is given. */
  | 'endOfLifeUpgradeOnly'
  /** FastNetMon: an unsupported OS was named as well as an old version. */
  | 'unsupportedPlatform'
  /** Netop: the case went to the reseller as first-level support. */
  | 'forwardedToReseller'
  /**
   * The sender is in the directory but its domain did not authenticate: the case is opened
   * without the plan's targets or phone line and not counted against the quota.
   */
  | 'unverifiedSender';

/** Why ops are alerted about this mail; `scope:<exclusion id>` for flagOps scope rules. */
export type OpsFlag =
  | 'abusiveLanguage'
  | 'overQuota'
  | 'unauthenticatedSender'
  | 'newContactByLicence'
  | `scope:${string}`;

export type TemplateVars = Record<string, string | number>;

/** How the work on an accepted case is paid for. */
export type Billing =
  | { kind: 'plan' }
  /** Kolmisoft: no plan or free plan, charged by the hour. */
  | { kind: 'paidHourly'; hourlyRate: number; currency: string }
  /** Kolmisoft: a bug on one of the two latest versions is fixed free (no charge note). */
  | { kind: 'freeBugFix'; version: string };

/** A new case to open, everything the store and SLA scheduler need. */
export interface CaseToOpen {
  /** Null for a sender without a directory entry (Kolmisoft/Perfana noPlan senders). */
  accountId: string | null;
  /** Plan snapshotted on the case; null when the case runs without one (paid hourly). */
  planId: string | null;
  severity: string;
  severitySource: 'subjectTag' | 'impactRule' | 'default';
  /** Impact words found, recorded for ops (FastNetMon: they never change the FIFO order). */
  impactWords: string[];
  /** In-scope components named in the mail. */
  components: string[];
  /** Due times from the policy's targets, started at `now`; empty for a plan without targets. */
  targets: TargetDue[];
  /**
   * `waitingOnCustomer` when the reply asks the customer to act first (FastNetMon: old version or
   * unsupported OS); the pipeline then starts a pause at once (resolution clocks stop,
   * first response does not).
   */
  status: 'new' | 'waitingOnCustomer';
  billing: Billing;
  /** BullMQ priority: 0 = arrival order; otherwise lower runs sooner (1 is the highest). */
  queuePriority: number;
  /** Netop: forward the case to this reseller as first level. */
  forwardToReseller: ResellerFacts | null;
  /** Netop: the sender quoted a known licence key; record them as a new contact of that account. */
  recordContact: { accountId: string; email: string; name: string | null; licenceKey: string } | null;
  /** Version the report is about, as written, or null. */
  reportedVersion: string | null;
}

/** Fields every decision carries. */
export interface DecisionBase {
  /** Plain words for the case history, logs and ops. */
  reason: string;
  /** True only when a new case is opened: that is "a support request" for the quota. */
  countsTowardQuota: boolean;
  /** Values the template needs (limit, count, resetDate, hourlyRate, phone, pointerUrl, ...). */
  vars: TemplateVars;
  opsFlags: OpsFlag[];
  /** Language detected in the mail (ISO 639-1), or null when it could not be told. */
  detectedLanguage: string | null;
  /** Language to render the reply in; the notify step falls back to the policy's first language without a template. */
  replyLanguage: string;
  /** The account the mail belongs to, when known. */
  accountId: string | null;
}

export interface AcceptDecision extends DecisionBase {
  outcome: 'accept';
  template: Extract<TemplateId, 'ack' | 'upgradeRequired' | 'unsupportedPlatform'>;
  case: CaseToOpen;
  notices: NoticeId[];
}

export type DeclineReason =
  | 'unknownSender'
  | 'roleNotAllowed'
  | 'maintenanceExpired'
  | 'noPaidPlan'
  | 'outOfScope'
  | 'preReleaseVersion'
  | 'endOfLife'
  | 'unsupportedLanguage';

export interface DeclineDecision extends DecisionBase {
  outcome: 'decline';
  template: Extract<
    TemplateId,
    'outOfScope' | 'endOfLife' | 'unsupportedVersion' | 'notEligible' | 'languageNotice'
  >;
  declineReason: DeclineReason;
  /** The scope exclusion that declined the mail, for outOfScope. */
  exclusionId: string | null;
}

/** Kolmisoft: the request is a paid service; the reply offers it at the hourly rate, no case. */
export interface PaidOfferDecision extends DecisionBase {
  outcome: 'paidOffer';
  template: 'paidSupport';
  exclusionId: string;
}

/** Perfana: end-users go to their administrator, free accounts to the community; no case. */
export interface RedirectDecision extends DecisionBase {
  outcome: 'redirect';
  template: Extract<TemplateId, 'endUserRedirect' | 'communityPointer'>;
  redirectTo: 'administrator' | 'community';
}

/** Netop: unknown sender without a known licence key; the reply asks them to register or quote it. */
export interface RegisterLicenceDecision extends DecisionBase {
  outcome: 'registerLicence';
  template: 'registerLicence';
  /** Keys the mail quoted that the directory does not know, so the reply can say so. */
  unknownLicenceKeys: string[];
}

/** FastNetMon: monthly requests used up; no case, the mail is kept and ops are told. */
export interface OverQuotaDecision extends DecisionBase {
  outcome: 'overQuota';
  template: 'overQuota';
  limit: number;
  /** Accepted requests already counted this month. */
  count: number;
  /** Start of the next quota month, ISO 8601 in the policy zone. */
  resetsAt: string;
}

/**
 * No automatic reply at all (abusive language). When the mail would otherwise have been
 * accepted the case is still opened, silently, so a person sees it and decides.
 */
export interface NoReplyDecision extends DecisionBase {
  outcome: 'noReply';
  template: null;
  case: CaseToOpen | null;
  /** The outcome the mail would have had, for the case history. */
  suppressedOutcome: Exclude<Decision['outcome'], 'noReply'>;
}

export type Decision =
  | AcceptDecision
  | DeclineDecision
  | PaidOfferDecision
  | RedirectDecision
  | RegisterLicenceDecision
  | OverQuotaDecision
  | NoReplyDecision;

/** Every outcome but noReply: what the rules decide before conduct is considered. */
export type ReplyDecision = Exclude<Decision, NoReplyDecision>;
