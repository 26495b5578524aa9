import { z } from 'zod';
import { calendarNameSchema } from './calendar/calendar-schema.js';

/** Target names used everywhere, including the CLI and job names. */
export const TARGET_NAMES = ['firstResponse', 'resolution1', 'resolution2'] as const;
export type TargetName = (typeof TARGET_NAMES)[number];

/** `hours`/`minutes` are business time; `businessDays` is N × the calendar's standard open day. */
export const TARGET_UNITS = ['minutes', 'hours', 'businessDays'] as const;
export type TargetUnit = (typeof TARGET_UNITS)[number];

export const idSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_-]*$/, { error: 'an id of lower-case letters, digits, - or _ (e.g. "sev1")' });

export const severitySchema = z
  .object({
    id: idSchema,
    label: z.string().min(1),
    description: z.string().optional(),
    /** Shown in the acknowledgement where a policy promises one per severity (Netop). */
    releasePlan: z.string().optional(),
  })
  .strict();

export const targetRuleSchema = z
  .object({
    severity: idSchema,
    target: z.enum(TARGET_NAMES),
    amount: z.number().positive(),
    unit: z.enum(TARGET_UNITS),
    calendar: calendarNameSchema,
  })
  .strict();

export const planSchema = z
  .object({
    id: idSchema,
    label: z.string().optional(),
    /** False for free/community plans. */
    paid: z.boolean(),
    /** Queue order between plans: 1 is served first. */
    queueRank: z.number().int().min(1).default(1),
    /** Per severity and target; a plan without promises (free) has `[]`, never a made-up target. */
    targets: z.array(targetRuleSchema),
  })
  .strict();

export type Severity = z.output<typeof severitySchema>;
export type TargetRule = z.output<typeof targetRuleSchema>;
export type Plan = z.output<typeof planSchema>;
