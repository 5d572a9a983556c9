import type { Db } from '../database/database.ts';
import type { Logger } from '../logging/logger.ts';
import { classifyChanges } from './change-rules.ts';
import { type ChangeEventRow, findPreviousSnapshot, saveSnapshotChanges } from './change-events.repository.ts';
import { diffSnapshot } from './diff-snapshot.ts';
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
