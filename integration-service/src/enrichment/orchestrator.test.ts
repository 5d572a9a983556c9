import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@partnerforge/migrations/testing';
import type { Db } from '../database/database.ts';
import { createLogger } from '../logging/logger.ts';
import { createOrJoinActiveJob, findJob } from './enrichment-jobs.repository.ts';
import { createModuleRegistry } from './module-registry.ts';
import { runEnrichmentJob } from './orchestrator.ts';
import { plainModule as moduleOf } from './__fixtures__/plain-module.ts';

let db: Db;
let close: () => Promise<void>;
beforeAll(async () => {
  const testDb = await createTestDatabase('postgres');
  db = testDb.db;
  close = testDb.close;
});
afterAll(async () => close?.());


describe('runEnrichmentJob', () => {
  it('reports progress once per wave of modules, ending at 100, and stores every snapshot', async () => {
    const registry = createModuleRegistry([moduleOf('website.fingerprint'), moduleOf('company.context'), moduleOf('tech.builtwith'), moduleOf('financials.yahoo', ['company.context'])]);
    const { id } = await createOrJoinActiveJob(db, { domain: 'progress-shop.com', trigger: 'api' });
    const reported: number[] = [];
    const outcome = await runEnrichmentJob({ db, registry, logger: createLogger({ level: 'silent' }), onProgress: (percent) => void reported.push(percent) }, id);

    expect(outcome).toBe('completed');
    // Two waves (three modules, then the one that needs company.context): two reports, not four.
    expect(reported).toEqual([75, 100]);
    expect(await findJob(db, id)).toMatchObject({ status: 'completed', progress: 100 });
    const versions = await db.selectFrom('intel_snapshots').select(['module', 'version']).where('domain', '=', 'progress-shop.com').orderBy('module').execute();
    expect(versions).toEqual(['company.context', 'financials.yahoo', 'tech.builtwith', 'website.fingerprint'].map((module) => ({ module, version: 1 })));
  });
});
