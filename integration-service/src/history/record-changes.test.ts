import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@partnerforge/migrations/testing';
import type { Db } from '../database/database.ts';
import { insertSnapshot } from '../enrichment/snapshots.repository.ts';
import { storeSnapshotWithChanges } from './record-changes.ts';

let db: Db;
let close: () => Promise<void>;

beforeAll(async () => {
  const testDb = await createTestDatabase('postgres');
  db = testDb.db;
  close = testDb.close;
});
afterAll(async () => close?.());

const fingerprint = (searchVendor: string | null) => ({
  technologies: [{ name: 'Adobe Experience Manager', categories: ['CMS'] }, ...(searchVendor ? [{ name: searchVendor, categories: ['Search engines'] }] : [])],
  searchVendor,
  partnerPlatforms: ['Adobe Experience Manager'],
});
const result = (domain: string, data: unknown) => ({ domain, module: 'website.fingerprint', provider: 'website', data, sourceUrl: `https://${domain}/`, fetchedAt: new Date('2026-12-01T10:00:00Z') });
const rowOf = (id: string) => db.selectFrom('intel_snapshots').select(['version', 'diff_from_previous', 'highest_significance']).where('id', '=', id).executeTakeFirstOrThrow();
const eventsOf = (id: string) => db.selectFrom('change_events').select(['category', 'significance']).where('snapshot_id', '=', id).execute();

describe('storeSnapshotWithChanges', () => {
  it('stores a first version without a diff, and a next one with its diff and events in the same write', async () => {
    const first = await storeSnapshotWithChanges(db, result('acme-one.com', fingerprint('Coveo')), undefined);
    expect(await rowOf(first.id)).toEqual({ version: 1, diff_from_previous: null, highest_significance: null });

    const second = await storeSnapshotWithChanges(db, result('acme-one.com', fingerprint(null)), { version: 1, data: fingerprint('Coveo') });
    const row = await rowOf(second.id);
    expect(row).toMatchObject({ version: 2, highest_significance: 'critical', diff_from_previous: { previousVersion: 1 } });
    expect(await eventsOf(second.id)).toEqual(expect.arrayContaining([expect.objectContaining({ significance: 'critical' })]));
  });

  it('diffs against the true previous version when another was stored after the caller read', async () => {
    await insertSnapshot(db, result('acme-two.com', fingerprint('Coveo')));
    // Stored by someone else after our job read version 1.
    await insertSnapshot(db, result('acme-two.com', fingerprint(null)));
    const third = await storeSnapshotWithChanges(db, result('acme-two.com', fingerprint(null)), { version: 1, data: fingerprint('Coveo') });
    // Against version 2 (the same data), nothing changed: no vendor-removed event.
    expect(await rowOf(third.id)).toMatchObject({ version: 3, highest_significance: null, diff_from_previous: { previousVersion: 2, changes: [] } });
    expect(await eventsOf(third.id)).toEqual([]);
  });
});
