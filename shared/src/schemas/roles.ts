import { z } from 'zod';

/** Roles of the visibility matrix, most to least privileged. */
export const ROLES = ['admin', 'manager', 'ae', 'sdr', 'viewer'] as const;
export const RoleSchema = z.enum(ROLES);
export type Role = z.infer<typeof RoleSchema>;
