import { z } from 'zod';

export const TerritoryFiltersSchema = z.strictObject({
  region: z.string().trim().min(1).max(100).optional(),
  vertical: z.string().trim().min(1).max(100).optional(),
  min_score: z.number().int().min(0).max(100).optional(),
});

export const TeamCreateSchema = z.strictObject({ name: z.string().trim().min(1).max(100), monthlyBudgetUsd: z.number().min(0).nullable().optional() });
export const TeamUpdateSchema = TeamCreateSchema.partial();
export const TeamMemberSchema = z.strictObject({ email: z.email().transform((e) => e.toLowerCase()) });

export const TerritoryCreateSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  teamId: z.uuid().nullable().optional(),
  filters: TerritoryFiltersSchema.default({}),
  /** Member e-mails; replaces the members on update. */
  members: z.array(z.email().transform((e) => e.toLowerCase())).max(500).optional(),
});
export const TerritoryUpdateSchema = TerritoryCreateSchema.partial();

export const ASSIGNMENT_ROLES = ['owner', 'team_member', 'viewer'] as const;
export const AssignmentCreateSchema = z.strictObject({
  domain: z.string().trim().min(1).max(300),
  email: z.email().transform((e) => e.toLowerCase()),
  role: z.enum(ASSIGNMENT_ROLES).default('team_member'),
});
export const AssignmentQuerySchema = z.strictObject({ domain: z.string().min(1).max(300).optional(), userId: z.uuid().optional() });
export const IdParamsSchema = z.object({ id: z.uuid({ message: 'expected an id (uuid)' }) });
