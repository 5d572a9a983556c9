import { sql } from 'kysely';
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
  return (await loadAccountOwnerships(db, [domain])).get(domain) ?? NOBODY;
}

/**
 * {@link loadAccountOwnership} for many domains in at most three queries, whatever their number:
 * the accounts, their assignments, and the teams of owners no assignment names. Domains without
 * an account are {@link NOBODY}. `= any(array)` keeps one statement text for every count.
 */
export async function loadAccountOwnerships(db: Db, domains: readonly string[]): Promise<Map<string, AccountOwnership>> {
  const result = new Map<string, AccountOwnership>(domains.map((domain) => [domain, NOBODY]));
  if (domains.length === 0) return result;
  const accounts = await db.selectFrom('accounts').select(['id', 'domain', 'owner_user_id']).where(sql<boolean>`domain = any(${[...domains]})`).execute();
  if (accounts.length === 0) return result;
  const assignments = await db
    .selectFrom('account_assignments')
    .leftJoin('users', 'users.id', 'account_assignments.user_id')
    .select(['account_assignments.account_id as accountId', 'account_assignments.user_id as userId', 'account_assignments.role', 'users.team_id as teamId'])
    .where(sql<boolean>`account_id = any(${accounts.map((account) => account.id)})`)
    .execute();
  const byAccount = new Map<string, typeof assignments>();
  for (const assignment of assignments) {
    const list = byAccount.get(assignment.accountId);
    if (list === undefined) byAccount.set(assignment.accountId, [assignment]);
    else list.push(assignment);
  }
  const ownersWithoutAssignment = accounts.filter((account) => account.owner_user_id && !(byAccount.get(account.id) ?? []).some((a) => a.role === 'owner' && a.userId === account.owner_user_id));
  const ownerIds = [...new Set(ownersWithoutAssignment.map((account) => account.owner_user_id as string))];
  const ownerTeams =
    ownerIds.length === 0
      ? new Map<string, string | null>()
      : new Map((await db.selectFrom('users').select(['id', 'team_id']).where(sql<boolean>`id = any(${ownerIds})`).execute()).map((user) => [user.id, user.team_id]));
  for (const account of accounts) {
    const mine = byAccount.get(account.id) ?? [];
    const owners = new Map<string, string | null>(mine.filter((a) => a.role === 'owner').map((a) => [a.userId, a.teamId]));
    if (account.owner_user_id && !owners.has(account.owner_user_id)) owners.set(account.owner_user_id, ownerTeams.get(account.owner_user_id) ?? null);
    result.set(account.domain, { owners, assignments: mine.map(({ userId, role }) => ({ userId, role })) });
  }
  return result;
}

/** The ownership of `domain`, through `cache` when one is given (hot read paths). */
export function accountOwnershipOf(db: Db, domain: string, cache?: TtlCache<AccountOwnership>): Promise<AccountOwnership> {
  if (!cache) return loadAccountOwnership(db, domain);
  return cache.get(domain, async () => ({ value: await loadAccountOwnership(db, domain) }));
}

/** The ownership of each domain, the missing ones loaded together (a batch of enrichments). */
export async function accountOwnershipsOf(db: Db, domains: readonly string[], cache?: TtlCache<AccountOwnership>): Promise<Map<string, AccountOwnership>> {
  if (!cache) return loadAccountOwnerships(db, domains);
  return cache.getMany(domains, async (missing) => new Map([...(await loadAccountOwnerships(db, missing))].map(([domain, value]) => [domain, { value }])));
}
