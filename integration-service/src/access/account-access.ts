import type { Role } from '@partnerforge/shared/schemas';
import { canSeeFinancials } from '@partnerforge/shared/ui';
import type { Db } from '../database/database.ts';
import type { TtlCache } from '../cache/ttl-cache.ts';
import { type AccountOwnership, accountOwnershipOf, accountOwnershipsOf } from './account-ownership.ts';

/** Whose eyes a request reads through: the caller, or the user an admin service key acts for. */
export interface Viewer {
  userId: string;
  role: Role;
  teamId: string | null;
}

/**
 * How the viewer stands to an account:
 * - `own`: they own it (`owner_user_id` or an owner assignment) or are assigned as team member;
 * - `assigned`: a `viewer` assignment names them;
 * - `team`: every owner is in the viewer's team;
 * - `unowned`: nobody owns it (a fresh domain, or an account no owner was matched to);
 * - `other`: someone outside the viewer's team owns it.
 */
export type AccountRelation = 'own' | 'assigned' | 'team' | 'unowned' | 'other';

export interface AccountAccess {
  relation: AccountRelation;
  read: boolean;
  /** Trigger enrichments and other changes on the account. */
  write: boolean;
  /** Financials (the financials block, financial change events). */
  financials: boolean;
  /** Users who own the account, for the audit of reads of someone else's account. */
  ownerUserIds: string[];
}

/**
 * The role matrix, decided in this one place for every read and write of account data:
 *
 * | role | own | team | unowned | someone else's | financials |
 * |---|---|---|---|---|---|
 * | admin | rw | rw | rw | rw | yes |
 * | manager | rw | rw (team admin) | rw | — | yes |
 * | ae | rw | r | rw | — (unless assigned: r) | yes |
 * | sdr | rw | r | rw | — (unless assigned: r) | no |
 * | viewer | r | r | r | — (unless assigned: r) | yes, read-only |
 *
 * Unowned accounts are readable by everyone with the read scope: intel of a fresh domain is
 * not anybody's yet, and refusing it would stop every first lookup.
 */
export function decideAccountAccess(viewer: Viewer, relation: AccountRelation, ownerUserIds: string[] = []): AccountAccess {
  // Everyone but SDRs (the original role matrix: viewers see them read-only); shared with the views.
  const financials = canSeeFinancials(viewer.role);
  const grant = (read: boolean, write: boolean): AccountAccess => ({ relation, read, write, financials, ownerUserIds });
  if (viewer.role === 'admin') return grant(true, true);
  if (relation === 'other') return grant(false, false);
  if (viewer.role === 'viewer' || relation === 'assigned') return grant(true, false);
  if (viewer.role === 'manager') return grant(true, true);
  // AEs and SDRs: their own and unowned accounts; their team's accounts read-only.
  return grant(true, relation !== 'team');
}

/** How the viewer stands to an account with `ownership`. */
export function relationOf(viewer: Viewer, ownership: AccountOwnership): AccountRelation {
  const { owners, assignments } = ownership;
  const mine = assignments.find((a) => a.userId === viewer.userId);
  if (owners.has(viewer.userId) || mine?.role === 'team_member' || mine?.role === 'owner') return 'own';
  if (mine) return 'assigned';
  if (owners.size === 0) return 'unowned';
  if (viewer.teamId !== null && [...owners.values()].every((team) => team === viewer.teamId)) return 'team';
  return 'other';
}

/**
 * Looks up how the viewer stands to `domain` (canonical) and applies the matrix. With an
 * `ownership` cache no query runs on a hit (see `cache/read-caches.ts` for how fresh it is).
 */
export async function findAccountAccess(db: Db, viewer: Viewer, domain: string, ownershipCache?: TtlCache<AccountOwnership>): Promise<AccountAccess> {
  return accessWith(viewer, await accountOwnershipOf(db, domain, ownershipCache));
}

/** {@link findAccountAccess} for many domains, their ownership read together. */
export async function findAccountAccesses(db: Db, viewer: Viewer, domains: readonly string[], ownershipCache?: TtlCache<AccountOwnership>): Promise<Map<string, AccountAccess>> {
  const ownerships = await accountOwnershipsOf(db, domains, ownershipCache);
  return new Map([...ownerships].map(([domain, ownership]) => [domain, accessWith(viewer, ownership)]));
}

function accessWith(viewer: Viewer, ownership: AccountOwnership): AccountAccess {
  return decideAccountAccess(viewer, relationOf(viewer, ownership), [...ownership.owners.keys()]);
}
