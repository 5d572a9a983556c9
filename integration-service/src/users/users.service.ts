import { z } from 'zod';
import { RoleSchema, type Role } from '@partnerforge/shared/schemas';
import type { Db } from '../database/database.ts';
import { AppError } from '../errors/app-error.ts';
import { parseOrThrow } from '../errors/validate.ts';
import { generateApiKey } from '../auth/api-key-secret.ts';
import { insertApiKey, revokeApiKey } from '../auth/api-keys.repository.ts';
import { findTeamByName, findUserByEmail, insertTeam, insertUser } from './users.repository.ts';

export const NewUserSchema = z.object({
  email: z.email({ message: 'expected an e-mail address' }).transform((e) => e.toLowerCase()),
  role: RoleSchema,
  name: z.string().trim().min(1).max(200).optional(),
  team: z.string().trim().min(1).max(100).optional(),
});
export type NewUser = z.input<typeof NewUserSchema>;

/** Adds a user; a named team that does not exist yet is created with them. */
export async function addUser(db: Db, input: NewUser) {
  const user = parseOrThrow(NewUserSchema, input, 'user');
  if (await findUserByEmail(db, user.email)) throw AppError.conflict(`A user with e-mail ${user.email} already exists`);
  return db.transaction().execute(async (trx) => {
    const team = user.team ? ((await findTeamByName(trx, user.team)) ?? (await insertTeam(trx, user.team))) : undefined;
    return insertUser(trx, { email: user.email, name: user.name, role: user.role as Role, teamId: team?.id });
  });
}

export const KEY_SCOPES = ['read', 'write'] as const;
export const RATE_TIER_NAMES = ['standard', 'power', 'admin'] as const;

/**
 * Creates an API key for a user and returns it in full, the only time it is ever visible:
 * the database keeps its hash. The rate tier defaults to `admin` (unlimited) for admins — the
 * Slack app's service key reads for a whole workspace — and `standard` for everyone else.
 */
export async function createApiKeyForUser(db: Db, input: { email: string; name?: string; scopes?: string[]; rateTier?: string }) {
  const user = await findUserByEmail(db, input.email);
  if (!user) throw AppError.notFound(`No user with e-mail ${input.email}; add one with "pf users add"`);
  if (user.deactivated_at) throw AppError.conflict(`User ${input.email} is deactivated`);
  const scopes = parseOrThrow(z.array(z.enum(KEY_SCOPES)).min(1), input.scopes ?? ['read', 'write'], 'key scopes');
  const rateTier = parseOrThrow(z.enum(RATE_TIER_NAMES), input.rateTier ?? (user.role === 'admin' ? 'admin' : 'standard'), 'rate tier');
  const { key, prefix, hash } = generateApiKey();
  const row = await insertApiKey(db, { userId: user.id, name: input.name ?? 'default', prefix, hash, scopes, rateTier });
  return { ...row, key, user: { id: user.id, email: user.email, role: user.role } };
}

export async function revokeApiKeyByPrefix(db: Db, prefix: string) {
  const revoked = await revokeApiKey(db, prefix);
  if (!revoked) throw AppError.notFound(`No active API key with prefix ${prefix}`);
  return revoked;
}
