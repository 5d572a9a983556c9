import type { ChangeEvent, ChangeList, IntelHistory, Role, Significance } from '@partnerforge/shared/schemas';
import { canSeeFinancials } from '@partnerforge/shared/ui';
import type { AccountAccess, Viewer } from '../access/account-access.ts';
import { hiddenChangeCategories } from '../access/visible-intel.ts';
import type { Db } from '../database/database.ts';
import { AppError } from '../errors/app-error.ts';
import { resolveDomainInput } from '../enrichment/domain-input.ts';
import { type ChangeEventRow, findChangeEventsOfSnapshots, listChangeEvents, listSnapshotVersions } from './change-events.repository.ts';
import { decodeCursor, pageOf } from './page-cursor.ts';
import { significancesFrom } from './significance.ts';

/** Change categories a role never receives (the visibility matrix: an SDR sees no financials). */
export function hiddenCategoriesFor(role: Role): string[] {
  return canSeeFinancials(role) ? [] : ['financial_change'];
}

export function toChangeEvent(row: ChangeEventRow): ChangeEvent {
  return {
    id: row.id,
    domain: row.domain,
    module: row.module,
    snapshotId: row.snapshot_id,
    category: row.category,
    significance: row.significance,
    field: row.field,
    oldValue: row.old_value,
    newValue: row.new_value,
    summary: row.summary,
    whyItMatters: row.why_it_matters,
    detectedAt: row.detected_at.toISOString(),
  };
}

/** A domain's versions newest first, each with the change events it brought; 404 when never enriched. */
export async function getIntelHistory(db: Db, domainInput: string, query: { limit: number; cursor?: string; module?: string }, access: Pick<AccountAccess, 'financials'>): Promise<IntelHistory> {
  const domain = await resolveDomainInput(db, domainInput);
  const rows = await listSnapshotVersions(db, domain, { limit: query.limit + 1, cursor: decodeCursor(query.cursor), module: query.module });
  if (rows.length === 0 && !query.cursor) {
    throw AppError.notFound(`No intel on ${domain} yet; enrich it first`, { hint: { method: 'POST', path: '/v1/enrichments', body: { domain } } });
  }
  const page = pageOf(rows, query.limit, (row) => ({ at: row.fetched_at, id: row.id }));
  const hidden = new Set(hiddenChangeCategories(access));
  const events = (await findChangeEventsOfSnapshots(db, page.items.map((row) => row.id))).filter((event) => !hidden.has(event.category));
  return {
    domain,
    entries: page.items.map((row) => ({
      snapshotId: row.id,
      module: row.module,
      version: row.version,
      provider: row.provider,
      sourceUrl: row.source_url,
      fetchedAt: row.fetched_at.toISOString(),
      highestSignificance: row.highest_significance,
      changes: events.filter((event) => event.snapshot_id === row.id).map(toChangeEvent),
    })),
    nextCursor: page.nextCursor,
  };
}

/**
 * Change events newest first on the viewer's accounts (owner or assignment), or, asking for
 * `all`, on every account an admin sees, or every account a manager may read (their own,
 * their team's and unowned ones: the role matrix gives managers no other team's accounts).
 */
export async function listChanges(
  db: Db,
  caller: Viewer,
  query: { since?: string; significance?: Significance; scope: 'my_accounts' | 'all'; limit: number; cursor?: string },
): Promise<ChangeList> {
  if (query.scope === 'all' && caller.role !== 'admin' && caller.role !== 'manager') throw AppError.forbidden('Only admins and managers may list changes on every account');
  const rows = await listChangeEvents(db, {
    scope: query.scope === 'my_accounts' ? { kind: 'user', userId: caller.userId } : caller.role === 'admin' ? { kind: 'all' } : { kind: 'readable', userId: caller.userId, teamId: caller.teamId },
    since: query.since ? new Date(query.since) : undefined,
    significances: query.significance ? significancesFrom(query.significance) : undefined,
    excludeCategories: hiddenCategoriesFor(caller.role),
    limit: query.limit + 1,
    cursor: decodeCursor(query.cursor),
  });
  const page = pageOf(rows, query.limit, (row) => ({ at: row.detected_at, id: row.id }));
  return { changes: page.items.map(toChangeEvent), nextCursor: page.nextCursor };
}
