import type { Db } from '../database/database.ts';
import { foreignOwnedDomains, myAccountDomains } from '../access/account-scope.repository.ts';
import type { ChangeEventDraft } from './change-rules.ts';
import type { SnapshotDiff } from './diff-snapshot.ts';
import type { PageCursor } from './page-cursor.ts';
import type { Significance } from './significance.ts';

const EVENT_COLUMNS = ['id', 'domain', 'module', 'snapshot_id', 'category', 'significance', 'field', 'old_value', 'new_value', 'summary', 'why_it_matters', 'detected_at'] as const;

/** The version of (domain, module) just before `version`, or undefined for the first. */
export async function findPreviousSnapshot(db: Db, domain: string, module: string, version: number) {
  return db
    .selectFrom('intel_snapshots')
    .select(['id', 'version', 'data'])
    .where('domain', '=', domain)
    .where('module', '=', module)
    .where('version', '<', version)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export interface SnapshotChanges {
  snapshotId: string;
  domain: string;
  /** Null for a first version (nothing compared). */
  diff: SnapshotDiff | null;
  highestSignificance: Significance | null;
  events: readonly ChangeEventDraft[];
  detectedAt: Date;
}

/** Stores a snapshot's diff and its change events together (one transaction). */
export async function saveSnapshotChanges(db: Db, changes: SnapshotChanges) {
  return db.transaction().execute(async (trx) => {
    await trx
      .updateTable('intel_snapshots')
      .set({ diff_from_previous: changes.diff === null ? null : JSON.stringify(changes.diff), highest_significance: changes.highestSignificance })
      .where('id', '=', changes.snapshotId)
      .execute();
    return insertChangeEvents(trx, changes);
  });
}

/** Inserts a snapshot's change events (none: no query). */
export async function insertChangeEvents(db: Db, changes: Pick<SnapshotChanges, 'snapshotId' | 'domain' | 'events' | 'detectedAt'>) {
  if (changes.events.length === 0) return [];
  return db
    .insertInto('change_events')
    .values(
      changes.events.map((event) => ({
        domain: changes.domain,
        module: event.module,
        snapshot_id: changes.snapshotId,
        category: event.category,
        significance: event.significance,
        field: event.field,
        old_value: event.oldValue === null ? null : JSON.stringify(event.oldValue),
        new_value: event.newValue === null ? null : JSON.stringify(event.newValue),
        summary: event.summary,
        why_it_matters: event.whyItMatters,
        // Set here (ms precision) rather than by now() (µs), so page cursors compare exactly.
        detected_at: changes.detectedAt,
      })),
    )
    .returning(EVENT_COLUMNS)
    .execute();
}

export type ChangeEventRow = Awaited<ReturnType<typeof saveSnapshotChanges>>[number];

/** The change events of the snapshots an enrichment job wrote, oldest first. */
export async function findChangeEventsOfJob(db: Db, enrichmentJobId: string): Promise<ChangeEventRow[]> {
  return db
    .selectFrom('change_events')
    .innerJoin('intel_snapshots', 'intel_snapshots.id', 'change_events.snapshot_id')
    .select(EVENT_COLUMNS.map((column) => `change_events.${column}` as const))
    .where('intel_snapshots.job_id', '=', enrichmentJobId)
    .orderBy('change_events.detected_at')
    .orderBy('change_events.id')
    .execute();
}

/** A domain's snapshots newest first (fetch time, then id), `limit` rows after `cursor`. */
export async function listSnapshotVersions(db: Db, domain: string, options: { limit: number; cursor?: PageCursor; module?: string }) {
  let query = db
    .selectFrom('intel_snapshots')
    .select(['id', 'module', 'version', 'provider', 'source_url', 'fetched_at', 'highest_significance'])
    .where('domain', '=', domain);
  if (options.module) query = query.where('module', '=', options.module);
  const cursor = options.cursor;
  if (cursor) query = query.where((eb) => eb.or([eb('fetched_at', '<', cursor.at), eb.and([eb('fetched_at', '=', cursor.at), eb('id', '<', cursor.id)])]));
  return query.orderBy('fetched_at', 'desc').orderBy('id', 'desc').limit(options.limit).execute();
}

/** The change events of some snapshots. */
export async function findChangeEventsOfSnapshots(db: Db, snapshotIds: readonly string[]): Promise<ChangeEventRow[]> {
  if (snapshotIds.length === 0) return [];
  return db.selectFrom('change_events').select(EVENT_COLUMNS).where('snapshot_id', 'in', snapshotIds).orderBy('detected_at').orderBy('id').execute();
}

export interface ChangeEventFilter {
  /** A user's accounts, or every domain. */
  scope: { kind: 'user'; userId: string } | { kind: 'all' } | { kind: 'domain'; domain: string } | { kind: 'readable'; userId: string; teamId: string | null };
  since?: Date;
  significances?: readonly Significance[];
  /** Categories never returned (e.g. financials for roles that may not see them). */
  excludeCategories?: readonly string[];
  limit: number;
  cursor?: PageCursor;
}

/** Change events newest first (detection time, then id). */
export async function listChangeEvents(db: Db, filter: ChangeEventFilter): Promise<ChangeEventRow[]> {
  let query = db.selectFrom('change_events').select(EVENT_COLUMNS);
  const { scope, cursor } = filter;
  if (scope.kind === 'user') query = query.where('domain', 'in', myAccountDomains(db, scope.userId));
  if (scope.kind === 'domain') query = query.where('domain', '=', scope.domain);
  if (scope.kind === 'readable') query = query.where('domain', 'not in', foreignOwnedDomains(db, scope.userId, scope.teamId));
  if (filter.since) query = query.where('detected_at', '>=', filter.since);
  if (filter.significances) query = query.where('significance', 'in', [...filter.significances]);
  if (filter.excludeCategories?.length) query = query.where('category', 'not in', [...filter.excludeCategories]);
  if (cursor) query = query.where((eb) => eb.or([eb('detected_at', '<', cursor.at), eb.and([eb('detected_at', '=', cursor.at), eb('id', '<', cursor.id)])]));
  return query.orderBy('detected_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
}
