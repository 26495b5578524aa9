import { z } from 'zod';

// OWNED BY THE RULES WORK (severity, scope, eligibility, language, quota, conduct, paid support).
// Placeholder so the policy schema compiles; replaced by the real rule settings.
export const rulesSchema = z.object({}).strict();
export type Rules = z.output<typeof rulesSchema>;
