import { z } from 'zod';

const email = z.email().transform((s) => s.toLowerCase());

export const contactSchema = z
  .object({
    email,
    name: z.string().min(1),
    role: z.enum(['administrator', 'account-holder', 'end-user', 'contact']),
    language: z.string().min(2).optional(),
  })
  .strict();

export const accountSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'lowercase letters, digits and dashes'),
    name: z.string().min(1),
    policy: z.string().min(1),
    /** null: a known customer without a support plan (Kolmisoft paid support). */
    plan: z.string().min(1).nullable(),
    /** Senders at these domains who are not listed contacts count as plain contacts. */
    domains: z.array(z.string().min(1)).default([]),
    contacts: z.array(contactSchema).min(1),
    licenceKey: z.string().min(1).optional(),
    reseller: z.string().min(1).optional(),
    monthlyQuota: z.number().int().positive().optional(),
    productVersion: z.string().min(1).optional(),
    platform: z.string().min(1).optional(),
    maintenanceUntil: z.iso.date().optional(),
    timezone: z.string().min(1).optional(),
    language: z.string().min(2).optional(),
  })
  .strict();

export const resellerSchema = z
  .object({
    id: z.string().min(1),
    name: z.string().min(1),
    email,
    phone: z.string().min(1).optional(),
  })
  .strict();

export const directorySchema = z
  .object({
    resellers: z.array(resellerSchema).default([]),
    accounts: z.array(accountSchema),
  })
  .strict()
  .superRefine((dir, ctx) => {
    const resellers = new Set(dir.resellers.map((r) => r.id));
    dir.accounts.forEach((account, i) => {
      if (account.reseller !== undefined && !resellers.has(account.reseller)) {
        ctx.addIssue({
          code: 'custom',
          path: ['accounts', i, 'reseller'],
          message: `expected one of ${[...resellers].map((r) => JSON.stringify(r)).join(', ') || '(no resellers defined)'}`,
        });
      }
    });
  });

export type Directory = z.output<typeof directorySchema>;
export type Account = Directory['accounts'][number];
export type Contact = Account['contacts'][number];
export type Reseller = Directory['resellers'][number];
