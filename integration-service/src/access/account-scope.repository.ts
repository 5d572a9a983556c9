import { sql } from 'kysely';
import type { Db } from '../database/database.ts';

/**
 * "My accounts": the domains of the accounts a user owns (`accounts.owner_user_id`) or is
 * assigned to as owner or team member. A subquery, for `where domain in (…)`.
 */
export function myAccountDomains(db: Db, userId: string) {
  return db
    .selectFrom('accounts')
    .select('accounts.domain')
    .where((eb) =>
      eb.or([
        eb('accounts.owner_user_id', '=', userId),
        eb.exists(
          eb
            .selectFrom('account_assignments')
            .select(sql`1`.as('one'))
            .whereRef('account_assignments.account_id', '=', 'accounts.id')
            .where('account_assignments.user_id', '=', userId)
            .where('account_assignments.role', 'in', ['owner', 'team_member']),
        ),
      ]),
    );
}

/**
 * "My territory": the domains of the accounts that meet the filters of a territory the user
 * is a member of (the same rule as {@link accountInTerritory}, in SQL). A subquery.
 */
export function myTerritoryDomains(db: Db, userId: string) {
  return db
    .selectFrom('accounts')
    .select('accounts.domain')
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('territories')
          .innerJoin('territory_members', 'territory_members.territory_id', 'territories.id')
          .select(sql`1`.as('one'))
          .where('territory_members.user_id', '=', userId)
          .where(sql<boolean>`(territories.filters->>'region' is null or lower(trim(accounts.region)) = lower(trim(territories.filters->>'region')))`)
          .where(sql<boolean>`(territories.filters->>'vertical' is null or lower(trim(accounts.vertical)) = lower(trim(territories.filters->>'vertical')))`)
          .where(sql<boolean>`(jsonb_typeof(territories.filters->'min_score') is distinct from 'number' or coalesce(accounts.score, -1) >= (territories.filters->>'min_score')::numeric)`),
      ),
    );
}

/**
 * The domains of accounts someone owns (`owner_user_id` or an owner assignment) who is not in
 * `teamId` (everyone when the viewer has no team) and to which `userId` has no assignment:
 * the accounts an AE, SDR, viewer or manager may not read. A subquery.
 */
export function foreignOwnedDomains(db: Db, userId: string, teamId: string | null) {
  const outsider = (ownerColumn: 'accounts.owner_user_id' | 'account_assignments.user_id') =>
    teamId === null
      ? sql<boolean>`${sql.ref(ownerColumn)} <> ${userId}`
      : sql<boolean>`${sql.ref(ownerColumn)} <> ${userId} and not exists (select 1 from users u where u.id = ${sql.ref(ownerColumn)} and u.team_id = ${teamId})`;
  return db
    .selectFrom('accounts')
    .select('accounts.domain')
    .where((eb) =>
      eb.or([
        eb.and([eb('accounts.owner_user_id', 'is not', null), outsider('accounts.owner_user_id')]),
        eb.exists(
          eb
            .selectFrom('account_assignments')
            .select(sql`1`.as('one'))
            .whereRef('account_assignments.account_id', '=', 'accounts.id')
            .where('account_assignments.role', '=', 'owner')
            .where(outsider('account_assignments.user_id')),
        ),
      ]),
    )
    .where((eb) => eb.or([eb('accounts.owner_user_id', 'is', null), eb('accounts.owner_user_id', '<>', userId)]))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('account_assignments as mine').select(sql`1`.as('one')).whereRef('mine.account_id', '=', 'accounts.id').where('mine.user_id', '=', userId),
        ),
      ),
    );
}

/** Who an account's news concerns, as alert matching needs it. */
export interface DomainAudience {
  domain: string;
  /** The assigned AE: the owner assignment, else `accounts.owner_user_id`; null without an account. */
  assignedUserId: string | null;
  /** Users who count the account among "my accounts". */
  accountUserIds: ReadonlySet<string>;
  /** Users with a territory whose filters the account meets. */
  territoryUserIds: ReadonlySet<string>;
  salesforceId: string | null;
}

interface TerritoryFilters {
  region?: string;
  vertical?: string;
  min_score?: number;
}

const same = (a: string | null | undefined, b: string) => (a ?? '').trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Whether an account meets a territory's filters (region, vertical, min_score; each one set
 * must hold, case-insensitively). A territory with no filters covers every account.
 */
export function accountInTerritory(account: { region: string | null; vertical: string | null; score: number | null }, filters: TerritoryFilters): boolean {
  if (filters.region && !same(account.region, filters.region)) return false;
  if (filters.vertical && !same(account.vertical, filters.vertical)) return false;
  if (typeof filters.min_score === 'number' && (account.score ?? -1) < filters.min_score) return false;
  return true;
}

/** The audience of a domain's account; empty when the domain is no account. */
export async function findDomainAudience(db: Db, domain: string): Promise<DomainAudience> {
  const account = await db
    .selectFrom('accounts')
    .select(['id', 'owner_user_id', 'salesforce_id', 'region', 'vertical', 'score'])
    .where('domain', '=', domain)
    .executeTakeFirst();
  if (!account) return { domain, assignedUserId: null, accountUserIds: new Set(), territoryUserIds: new Set(), salesforceId: null };

  const assignments = await db.selectFrom('account_assignments').select(['user_id', 'role']).where('account_id', '=', account.id).execute();
  const accountUserIds = new Set(assignments.filter((a) => a.role !== 'viewer').map((a) => a.user_id));
  if (account.owner_user_id) accountUserIds.add(account.owner_user_id);
  const assignedOwner = assignments.find((a) => a.role === 'owner')?.user_id ?? account.owner_user_id;

  const territories = await db
    .selectFrom('territories')
    .innerJoin('territory_members', 'territory_members.territory_id', 'territories.id')
    .select(['territories.filters', 'territory_members.user_id'])
    .execute();
  const territoryUserIds = new Set(territories.filter((t) => accountInTerritory(account, t.filters as TerritoryFilters)).map((t) => t.user_id));

  return { domain, assignedUserId: assignedOwner ?? null, accountUserIds, territoryUserIds, salesforceId: account.salesforce_id };
}
