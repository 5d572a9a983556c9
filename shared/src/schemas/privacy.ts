import { z } from 'zod';

/** `POST /v1/privacy-requests`: an access or erasure request about one person, by e-mail and/or name. */
export const PrivacyRequestCreateSchema = z
  .strictObject({
    kind: z.enum(['access', 'erasure']),
    email: z.email().max(320).optional(),
    name: z.string().trim().min(3).max(200).optional(),
  })
  .refine((r) => r.email !== undefined || r.name !== undefined, { message: 'give the e-mail, the name, or both', path: ['name'] });

export const PersonOccurrenceSchema = z.object({
  table: z.enum(['intel_snapshots', 'change_events', 'alerts']),
  id: z.string(),
  domain: z.string(),
  /** Column, then the path inside a JSON column, e.g. `data.officers.0.name`. */
  field: z.string(),
  /** What is stored there (access), or what was stored before erasure. */
  value: z.string(),
});

export const PrivacyRequestSchema = z.object({
  id: z.string(),
  kind: z.enum(['access', 'erasure']),
  status: z.enum(['pending', 'processing', 'completed', 'failed']),
  occurrences: z.array(PersonOccurrenceSchema),
  /** Rows changed per table (erasure), or found (access). */
  counts: z.record(z.string(), z.number()),
  completedAt: z.string().nullable(),
});
export type PrivacyRequest = z.infer<typeof PrivacyRequestSchema>;
