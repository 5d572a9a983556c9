import type { Db } from '../database/database.ts';
import { insertSnapshot, type NewSnapshot } from '../enrichment/snapshots.repository.ts';
import type { Logger } from '../logging/logger.ts';
import { classifyChanges, type ChangeEventDraft } from './change-rules.ts';
import { type ChangeEventRow, findPreviousSnapshot, insertChangeEvents, saveSnapshotChanges } from './change-events.repository.ts';
import { diffSnapshot, type SnapshotDiff } from './diff-snapshot.ts';
import { highestSignificance } from './significance.ts';

/** A snapshot just stored by the orchestrator. */
export interface StoredSnapshot {
  id: string;
  domain: string;
  module: string;
  version: number;
  data: unknown;
}

export interface RecordChangesOptions {
  log?: Logger;
  now?: () => Date;
}

/**
 * Compares a new snapshot with the previous version of the same (domain, module), stores the
 * diff on the snapshot and the change events the change rules make of it. A first version
 * keeps no diff; only rules meant for first versions (a first score that is already hot) apply.
 * A failure is logged, never thrown: the module's data is stored and must not count as failed.
 */
export async function recordSnapshotChanges(db: Db, snapshot: StoredSnapshot, options: RecordChangesOptions = {}): Promise<ChangeEventRow[]> {
  const now = options.now ?? (() => new Date());
  try {
    const previous = snapshot.version > 1 ? await findPreviousSnapshot(db, snapshot.domain, snapshot.module, snapshot.version) : undefined;
    const changes = diffSnapshot(snapshot.module, previous?.data, snapshot.data);
    const events = classifyChanges(snapshot.module, changes, { firstVersion: previous === undefined });
    const stored = await saveSnapshotChanges(db, {
      snapshotId: snapshot.id,
      domain: snapshot.domain,
      diff: previous ? { previousVersion: previous.version, changes } : null,
      highestSignificance: highestSignificance(events.map((event) => event.significance)),
      events,
      detectedAt: now(),
    });
    if (stored.length > 0) options.log?.info({ module: snapshot.module, version: snapshot.version, changes: stored.map((e) => `${e.significance}:${e.category}`) }, 'changes detected');
    return stored;
  } catch (error) {
    options.log?.error({ err: error, module: snapshot.module, snapshotId: snapshot.id }, 'change detection failed');
    return [];
  }
}

/** The newest stored version of (domain, module) as the caller read it, or undefined for none. */
export interface KnownPrevious {
  version: number;
  data: unknown;
}

/**
 * Stores a module result as the next version together with its diff and change events, in one
 * statement (one transaction when there are events) instead of an insert followed by a
 * transaction of its own. The diff is taken against `previous`, the newest version the caller
 * read; when the insert shows another version was stored in between, or the combined write
 * fails, it falls back to {@link recordSnapshotChanges} (the diff against the true previous
 * version; a failure there is logged, never thrown). Throws only when the snapshot itself
 * cannot be stored.
 */
export async function storeSnapshotWithChanges(
  db: Db,
  snapshot: NewSnapshot,
  previous: KnownPrevious | undefined,
  options: RecordChangesOptions = {},
): Promise<StoredWithChanges> {
  const now = options.now ?? (() => new Date());
  const expectedVersion = (previous?.version ?? 0) + 1;
  let diff: SnapshotDiff | null;
  let events: ChangeEventDraft[];
  try {
    const changes = diffSnapshot(snapshot.module, previous?.data, snapshot.data);
    events = classifyChanges(snapshot.module, changes, { firstVersion: previous === undefined });
    diff = previous ? { previousVersion: previous.version, changes } : null;
  } catch {
    // recordSnapshotChanges logs what it makes of the same failure.
    return storeThenRecord(db, snapshot, options);
  }
  const detectedAt = now();
  const values = { ...snapshot, diffFromPrevious: diff, highestSignificance: highestSignificance(events.map((event) => event.significance)) };
  let stored: { id: string; version: number };
  let storedEvents: ChangeEventRow[] = [];
  try {
    if (events.length === 0) stored = await insertSnapshot(db, values);
    else {
      [stored, storedEvents] = await db.transaction().execute(async (trx) => {
        const row = await insertSnapshot(trx, values);
        // Another version came in between: its events are recorded below, against it.
        if (row.version !== expectedVersion) return [row, []] as const;
        return [row, await insertChangeEvents(trx, { snapshotId: row.id, domain: snapshot.domain, events, detectedAt })] as const;
      });
    }
  } catch (error) {
    options.log?.warn({ err: error, module: snapshot.module }, 'storing a snapshot with its changes failed; storing it alone');
    return storeThenRecord(db, snapshot, options);
  }
  if (stored.version !== expectedVersion) {
    const recorded = await recordSnapshotChanges(db, { id: stored.id, domain: snapshot.domain, module: snapshot.module, version: stored.version, data: snapshot.data }, options);
    return { id: stored.id, version: stored.version, changeEvents: recorded.length };
  }
  if (storedEvents.length > 0) {
    options.log?.info({ module: snapshot.module, version: stored.version, changes: storedEvents.map((e) => `${e.significance}:${e.category}`) }, 'changes detected');
  }
  return { id: stored.id, version: stored.version, changeEvents: storedEvents.length };
}

/** A stored snapshot, and how many change events it recorded (what alerting needs to know). */
export interface StoredWithChanges {
  id: string;
  version: number;
  changeEvents: number;
}

async function storeThenRecord(db: Db, snapshot: NewSnapshot, options: RecordChangesOptions): Promise<StoredWithChanges> {
  const stored = await insertSnapshot(db, snapshot);
  const recorded = await recordSnapshotChanges(db, { id: stored.id, domain: snapshot.domain, module: snapshot.module, version: stored.version, data: snapshot.data }, options);
  return { id: stored.id, version: stored.version, changeEvents: recorded.length };
}
