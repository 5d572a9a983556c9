import { sql } from 'kysely';
import type { Db } from '../database/database.ts';
import type { Significance } from '../history/significance.ts';

export interface NewSnapshot {
  domain: string;
  module: string;
  provider: string;
  data: unknown;
  sourceUrl: string;
  fetchedAt: Date;
  jobId?: string;
  /** The diff against the previous version, when already known (see `history/record-changes.ts`). */
  diffFromPrevious?: unknown;
  highestSignificance?: Significance | null;
}

/** Stores a module result as the next version of (domain, module); versions start at 1. */
export async function insertSnapshot(db: Db, snapshot: NewSnapshot) {
  return db
    .insertInto('intel_snapshots')
    .values({
      domain: snapshot.domain,
      module: snapshot.module,
      provider: snapshot.provider,
      // Computed in the statement itself, so two writers cannot pick the same number unnoticed
      // (the unique index refuses the loser).
      version: sql<number>`(select coalesce(max(version), 0) + 1 from intel_snapshots where domain = ${snapshot.domain} and module = ${snapshot.module})`,
      data: JSON.stringify(snapshot.data),
      source_url: snapshot.sourceUrl,
      fetched_at: snapshot.fetchedAt,
      job_id: snapshot.jobId ?? null,
      ...(snapshot.diffFromPrevious !== undefined ? { diff_from_previous: snapshot.diffFromPrevious === null ? null : JSON.stringify(snapshot.diffFromPrevious) } : {}),
      ...(snapshot.highestSignificance !== undefined ? { highest_significance: snapshot.highestSignificance } : {}),
    })
    .returning(['id', 'version', 'fetched_at'])
    .executeTakeFirstOrThrow();
}

/** The newest snapshot of each module of a domain. */
export async function latestSnapshots(db: Db, domain: string) {
  return db
    .selectFrom('intel_snapshots')
    .distinctOn('module')
    .select(['id', 'module', 'provider', 'version', 'data', 'source_url', 'fetched_at'])
    .where('domain', '=', domain)
    .orderBy('module')
    .orderBy('version', 'desc')
    .execute();
}

export type LatestSnapshot = Awaited<ReturnType<typeof latestSnapshots>>[number];
