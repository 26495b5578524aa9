import { z } from 'zod';
import { rulesSchema } from './rules-schema.js';

// OWNED BY THE CALENDAR/SLA WORK. Placeholder; replaced by the real schema.
export const policySchema = z
  .object({
    id: z.string(),
    rules: rulesSchema,
  })
  .strict();
export type Policy = z.output<typeof policySchema>;
