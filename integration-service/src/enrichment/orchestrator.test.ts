import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@partnerforge/migrations/testing';
import type { Db } from '../database/database.ts';
import { createLogger } from '../logging/logger.ts';
import { createOrJoinActiveJob, findJob } from './enrichment-jobs.repository.ts';
import { createModuleRegistry } from './module-registry.ts';
import { runEnrichmentJob } from './orchestrator.ts';
import { plainModule as moduleOf } from './__fixtures__/plain-module.ts';
import type { EnrichmentModule } from './module-types.ts';

let db: Db;
let close: () => Promise<void>;
beforeAll(async () => {
  const testDb = await createTestDatabase('postgres');
  db = testDb.db;
  close = testDb.close;
});
afterAll(async () => close?.());

const silent = createLogger({ level: 'silent' });

/** A module that records the job row's module statuses as it saw them when it ran. */
function watchingModule(id: EnrichmentModule['id'], seen: unknown[]): EnrichmentModule {
  const plain = moduleOf(id);
  return { ...plain, run: async (context) => (seen.push((await findJob(db, context.jobId))?.module_status), plain.run(context)) };
}

describe('runEnrichmentJob', () => {
  it('reports progress once per wave of modules but the last (the job ends at 100), and stores every snapshot', async () => {
    const registry = createModuleRegistry([moduleOf('website.fingerprint'), moduleOf('company.context'), moduleOf('tech.builtwith'), moduleOf('financials.yahoo', ['company.context'])]);
    const { id } = await createOrJoinActiveJob(db, { domain: 'progress-shop.com', trigger: 'api' });
    const reported: number[] = [];
    const outcome = await runEnrichmentJob({ db, registry, logger: createLogger({ level: 'silent' }), onProgress: (percent) => void reported.push(percent) }, id);

    expect(outcome).toBe('completed');
    // Two waves (three modules, then the one that needs company.context): one report, not four.
    expect(reported).toEqual([75]);
    expect(await findJob(db, id)).toMatchObject({ status: 'completed', progress: 100 });
    const versions = await db.selectFrom('intel_snapshots').select(['module', 'version']).where('domain', '=', 'progress-shop.com').orderBy('module').execute();
    expect(versions).toEqual(['company.context', 'financials.yahoo', 'tech.builtwith', 'website.fingerprint'].map((module) => ({ module, version: 1 })));
  });

  it('marks a plain job running with every module pending before the first one runs', async () => {
    const seen: unknown[] = [];
    const registry = createModuleRegistry([watchingModule('website.fingerprint', seen), moduleOf('company.context')]);
    const { id } = await createOrJoinActiveJob(db, { domain: 'pending-shop.com', trigger: 'api' });
    expect(await runEnrichmentJob({ db, registry, logger: silent }, id)).toBe('completed');
    expect(seen).toEqual([{ 'website.fingerprint': { status: 'pending' }, 'company.context': { status: 'pending' } }]);
  });

  it('records only the modules a job asked for and what they depend on', async () => {
    const registry = createModuleRegistry([moduleOf('website.fingerprint'), moduleOf('company.context'), moduleOf('financials.yahoo', ['company.context'])]);
    const { id } = await createOrJoinActiveJob(db, { domain: 'subset-shop.com', trigger: 'api', modules: ['financials.yahoo'] });
    expect(await runEnrichmentJob({ db, registry, logger: silent }, id)).toBe('completed');
    const job = await findJob(db, id);
    expect(Object.keys(job?.module_status ?? {}).sort()).toEqual(['company.context', 'financials.yahoo']);
  });

  it('resumes an interrupted job without running again the modules it completed', async () => {
    const ran: string[] = [];
    const counting = (id: EnrichmentModule['id']): EnrichmentModule => ({ ...moduleOf(id), run: async (context) => (ran.push(id), moduleOf(id).run(context)) });
    const registry = createModuleRegistry([counting('website.fingerprint'), counting('company.context')]);
    const { id } = await createOrJoinActiveJob(db, { domain: 'resumed-shop.com', trigger: 'api' });
    await db
      .updateTable('enrichment_jobs')
      .set({ status: 'running', module_status: JSON.stringify({ 'website.fingerprint': { status: 'completed' }, 'company.context': { status: 'running' } }) })
      .where('id', '=', id)
      .execute();
    expect(await runEnrichmentJob({ db, registry, logger: silent }, id)).toBe('completed');
    expect(ran).toEqual(['company.context']);
    expect((await findJob(db, id))?.module_status).toMatchObject({ 'website.fingerprint': { status: 'cached' }, 'company.context': { status: 'completed' } });
  });

  it("mirrors a completed score onto the domain's account as the job finishes, and hands the account to the modules", async () => {
    const scoring: EnrichmentModule = { ...moduleOf('score'), run: async ({ account }) => ({ provider: 'test', data: { score: 81, tier: 'hot', vertical: account?.vertical }, sourceUrl: 'https://example.com/', fetchedAt: new Date() }) };
    const registry = createModuleRegistry([moduleOf('website.fingerprint'), scoring]);
    await db.insertInto('accounts').values({ domain: 'scored-shop.com', name: 'Scored Shop', vertical: 'retail', salesforce_id: null, website: null, owner_user_id: null, salesforce_owner_id: null, country: null, region: null, score: null, tier: null, last_enriched_at: null }).execute();
    const { id } = await createOrJoinActiveJob(db, { domain: 'scored-shop.com', trigger: 'api' });
    expect(await runEnrichmentJob({ db, registry, logger: silent }, id)).toBe('completed');
    const account = await db.selectFrom('accounts').select(['score', 'tier', 'last_enriched_at']).where('domain', '=', 'scored-shop.com').executeTakeFirstOrThrow();
    expect(account).toMatchObject({ score: 81, tier: 'hot' });
    expect(account.last_enriched_at).toBeInstanceOf(Date);
    const snapshot = await db.selectFrom('intel_snapshots').select('data').where('domain', '=', 'scored-shop.com').where('module', '=', 'score').executeTakeFirstOrThrow();
    expect(snapshot.data).toMatchObject({ vertical: 'retail' });
  });

  it('leaves a finished job alone and refuses one that does not exist', async () => {
    const registry = createModuleRegistry([moduleOf('website.fingerprint')]);
    const { id } = await createOrJoinActiveJob(db, { domain: 'finished-shop.com', trigger: 'api' });
    await runEnrichmentJob({ db, registry, logger: silent }, id);
    const finishedAt = (await findJob(db, id))?.finished_at;
    expect(await runEnrichmentJob({ db, registry, logger: silent }, id)).toBeUndefined();
    expect((await findJob(db, id))?.finished_at).toEqual(finishedAt);
    await expect(runEnrichmentJob({ db, registry, logger: silent }, '00000000-0000-4000-8000-000000000000')).rejects.toThrow(/does not exist/);
  });
});
