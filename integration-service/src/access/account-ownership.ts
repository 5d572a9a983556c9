import type { Db } from '../database/database.ts';
import type { TtlCache } from '../cache/ttl-cache.ts';

/** Who holds an account: what the role matrix needs besides the viewer, the same for every viewer. */
export interface AccountOwnership {
  /** Owner user id → their team id (assignment owners and `accounts.owner_user_id`). */
  owners: ReadonlyMap<string, string | null>;
  /** Every assignment of the account, owners included. */
  assignments: readonly { userId: string; role: string }[];
}

/** No account row, or one nobody owns or is assigned to. */
export const NOBODY: AccountOwnership = Object.freeze({ owners: new Map(), assignments: Object.freeze([]) });

/** Reads who owns and who is assigned to the account of `domain` (canonical). */
export async function loadAccountOwnership(db: Db, domain: string): Promise<AccountOwnership> {
  const account = await db.selectFrom('accounts').select(['id', 'owner_user_id']).where('domain', '=', domain).executeTakeFirst();
  if (!account) return NOBODY;
  const assignments = await db
    .selectFrom('account_assignments')
    .leftJoin('users', 'users.id', 'account_assignments.user_id')
    .select(['account_assignments.user_id as userId', 'account_assignments.role', 'users.team_id as teamId'])
    .where('account_id', '=', account.id)
    .execute();
  const owners = new Map<string, string | null>(assignments.filter((a) => a.role === 'owner').map((a) => [a.userId, a.teamId]));
  if (account.owner_user_id && !owners.has(account.owner_user_id)) {
    const owner = await db.selectFrom('users').select('team_id').where('id', '=', account.owner_user_id).executeTakeFirst();
    owners.set(account.owner_user_id, owner?.team_id ?? null);
  }
  return { owners, assignments: assignments.map(({ userId, role }) => ({ userId, role })) };
}

/** The ownership of `domain`, through `cache` when one is given (hot read paths). */
export function accountOwnershipOf(db: Db, domain: string, cache?: TtlCache<AccountOwnership>): Promise<AccountOwnership> {
  if (!cache) return loadAccountOwnership(db, domain);
  return cache.get(domain, async () => ({ value: await loadAccountOwnership(db, domain) }));
}
