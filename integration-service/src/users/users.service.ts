import { z } from 'zod';
import { RoleSchema, type Role } from '@partnerforge/shared/schemas';
import type { Db } from '../database/database.ts';
import { AppError } from '../errors/app-error.ts';
import { parseOrThrow } from '../errors/validate.ts';
import { generateApiKey } from '../auth/api-key-secret.ts';
import { insertApiKey, revokeApiKey } from '../auth/api-keys.repository.ts';
import { type AuditActor, recordAudit } from '../audit/audit-trail.ts';
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
export async function createApiKeyForUser(db: Db, input: { email: string; name?: string; scopes?: string[]; rateTier?: string }, actor: AuditActor = { via: 'cli' }) {
  const user = await findUserByEmail(db, input.email);
  if (!user) throw AppError.notFound(`No user with e-mail ${input.email}; add one with "pf users add"`);
  if (user.deactivated_at) throw AppError.conflict(`User ${input.email} is deactivated`);
  const scopes = parseOrThrow(z.array(z.enum(KEY_SCOPES)).min(1), input.scopes ?? ['read', 'write'], 'key scopes');
  const rateTier = parseOrThrow(z.enum(RATE_TIER_NAMES), input.rateTier ?? (user.role === 'admin' ? 'admin' : 'standard'), 'rate tier');
  const { key, prefix, hash } = generateApiKey();
  const row = await insertApiKey(db, { userId: user.id, name: input.name ?? 'default', prefix, hash, scopes, rateTier });
  await recordAudit(db, actor, { action: 'api_key.created', targetType: 'api_key', targetId: prefix, details: { userId: user.id, name: row.name, scopes, rateTier } });
  return { ...row, key, user: { id: user.id, email: user.email, role: user.role } };
}

export async function revokeApiKeyByPrefix(db: Db, prefix: string, actor: AuditActor = { via: 'cli' }) {
  const revoked = await revokeApiKey(db, prefix);
  if (!revoked) throw AppError.notFound(`No active API key with prefix ${prefix}`);
  await recordAudit(db, actor, { action: 'api_key.revoked', targetType: 'api_key', targetId: prefix });
  return revoked;
}

export const RoleChangeSchema = z.object({
  email: z.email({ message: 'expected an e-mail address' }).transform((e) => e.toLowerCase()),
  role: RoleSchema,
});

/** Changes a user's role (admins only, checked by the caller); audited with the old and new role. */
export async function setUserRole(db: Db, input: z.input<typeof RoleChangeSchema>, actor: AuditActor = { via: 'cli' }) {
  const { email, role } = parseOrThrow(RoleChangeSchema, input, 'role change');
  const user = await findUserByEmail(db, email);
  if (!user) throw AppError.notFound(`No user with e-mail ${email}`);
  if (user.role === role) return user;
  const updated = await db.updateTable('users').set({ role, updated_at: new Date() }).where('id', '=', user.id).returningAll().executeTakeFirstOrThrow();
  await recordAudit(db, actor, { action: 'user.role_changed', targetType: 'user', targetId: user.id, details: { email, from: user.role, to: role } });
  return updated;
}
