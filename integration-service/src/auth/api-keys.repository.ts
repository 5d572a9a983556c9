import type { Db } from '../database/database.ts';

export async function insertApiKey(
  db: Db,
  values: { userId: string; name: string; prefix: string; hash: string; scopes: string[]; rateTier?: 'standard' | 'power' | 'admin'; expiresAt?: Date },
) {
  return db
    .insertInto('api_keys')
    .values({
      user_id: values.userId,
      name: values.name,
      prefix: values.prefix,
      key_hash: values.hash,
      scopes: values.scopes,
      rate_tier: values.rateTier ?? 'standard',
      expires_at: values.expiresAt ?? null,
    })
    .returning(['id', 'prefix', 'name', 'scopes', 'rate_tier', 'created_at', 'expires_at'])
    .executeTakeFirstOrThrow();
}

/** The key row and its user, for authentication; revoked or deactivated rows are still returned. */
export async function findApiKeyWithUser(db: Db, prefix: string) {
  return db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .leftJoin('teams', 'teams.id', 'users.team_id')
    .select([
      'api_keys.id as keyId',
      'api_keys.prefix',
      'api_keys.key_hash as keyHash',
      'api_keys.scopes',
      'api_keys.rate_tier as rateTier',
      'api_keys.revoked_at as revokedAt',
      'api_keys.expires_at as expiresAt',
      'users.id as userId',
      'users.email',
      'users.name',
      'users.role',
      'users.deactivated_at as deactivatedAt',
      'teams.id as teamId',
      'teams.name as teamName',
    ])
    .where('api_keys.prefix', '=', prefix)
    .executeTakeFirst();
}

export type ApiKeyWithUser = NonNullable<Awaited<ReturnType<typeof findApiKeyWithUser>>>;

/** Marks a key revoked; returns undefined when no active key has that prefix. */
export async function revokeApiKey(db: Db, prefix: string) {
  return db
    .updateTable('api_keys')
    .set({ revoked_at: new Date() })
    .where('prefix', '=', prefix)
    .where('revoked_at', 'is', null)
    .returning(['id', 'prefix', 'revoked_at'])
    .executeTakeFirst();
}

export async function touchApiKey(db: Db, keyId: string, usedAt: Date): Promise<void> {
  // Never move the timestamp backwards when retries or two workers race.
  await db
    .updateTable('api_keys')
    .set({ last_used_at: usedAt })
    .where('id', '=', keyId)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', usedAt)]))
    .execute();
}

export async function listApiKeysForUser(db: Db, userId: string) {
  return db
    .selectFrom('api_keys')
    .select(['id', 'prefix', 'name', 'scopes', 'created_at', 'last_used_at', 'expires_at', 'revoked_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .execute();
}
