import { z } from 'zod';
import { RoleSchema } from './roles.ts';

/** The caller as `/v1/me` describes them; the extension and Slack app use it to check a key. */
export const MeSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: RoleSchema,
  team: z.object({ id: z.string(), name: z.string() }).nullable(),
  key: z.object({ prefix: z.string(), scopes: z.array(z.string()) }),
});
export type Me = z.infer<typeof MeSchema>;
