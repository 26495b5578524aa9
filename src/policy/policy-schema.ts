import { z } from 'zod';
import { calendarNameSchema, calendarSchema, zoneSchema } from './calendar/calendar-schema.js';
import { idSchema, planSchema, severitySchema, TARGET_NAMES } from './plan-schema.js';
import { crossCheckPolicy } from './policy-cross-checks.js';
import { rulesSchema } from './rules-schema.js';

const escalationSchema = z
  .object({
    /** The target whose breach hands the case to the next level. */
    onBreach: z.enum(TARGET_NAMES),
    /** Machine id of the level, e.g. "second-level". */
    to: idSchema,
    /** How the level is named in alerts and the case history. */
    label: z.string().min(1),
  })
  .strict();

const phoneSchema = z
  .object({
    /** Fallback number when the account's reseller has none. */
    number: z.string().min(1),
    /** Acknowledgements that carry the phone line; a rule without `plan` applies to every plan. */
    inAck: z.array(z.object({ plan: idSchema.optional(), severity: idSchema.optional() }).strict()).min(1),
  })
  .strict();

/** One support contract template: identity, time, calendars, plans, severities, targets, rules. */
export const policySchema = z
  .object({
    id: idSchema,
    name: z.string().min(1),
    /** Case tags look like [PREFIX-123]. */
    casePrefix: z
      .string()
      .regex(/^[A-Z][A-Z0-9]{0,15}$/, { error: 'upper-case letters and digits, e.g. "NETOP"' }),
    /** IANA zone of the policy: calendars default to it, quota months and dates are counted in it. */
    timezone: zoneSchema,
    /** Warning job at this fraction of each target's business time (breach job at 100 %). */
    warningFraction: z.number().gt(0).lt(1).default(0.8),
    /** True when the automatic acknowledgement itself meets firstResponse (Netop). */
    firstResponseMetByAck: z.boolean().default(false),
    /** Wall-clock hours within which the acknowledgement must have left; ops are alerted before. */
    ackDeadlineHours: z.number().positive().optional(),
    calendars: z
      .record(calendarNameSchema, calendarSchema)
      .refine((c) => Object.keys(c).length > 0, { error: 'at least one calendar' }),
    /** Ordered highest first. */
    severities: z.array(severitySchema).min(1),
    plans: z.array(planSchema).min(1),
    escalations: z.array(escalationSchema).default([]),
    phone: phoneSchema.optional(),
    rules: rulesSchema,
  })
  .strict()
  .superRefine((_value, ctx) => crossCheckPolicy(ctx.value, ctx), { when: () => true });

export type Policy = z.output<typeof policySchema>;
export type Escalation = z.output<typeof escalationSchema>;
