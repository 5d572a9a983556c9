import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@partnerforge/migrations/connection';
import { IntelSchema } from '@partnerforge/shared/schemas';
import type { Database } from '../src/database/database.ts';
import { readSavedPage, startLocalSites, type LocalSites } from '../src/providers/website/__fixtures__/fixture-sites.ts';
import { runPf } from './support/run-cli.ts';

describe('pf score', () => {
  it('scores JSON from stdin with a reason for every point', async () => {
    const input = { vertical: 'Commerce', monthlyVisits: 60_000_000, techSpendUsd: 120_000, technologies: ['Adobe Experience Manager'] };
    const result = await runPf(['score'], { LOG_LEVEL: 'warn' }, JSON.stringify(input));
    expect(result.code).toBe(0);
    const scored = JSON.parse(result.stdout) as { score: number; tier: string; breakdown: Array<{ factor: string; points: number; reason: string }> };
    expect(scored).toMatchObject({ score: 100, tier: 'hot' });
    expect(scored.breakdown.map((b) => [b.factor, b.points])).toEqual([
      ['vertical', 40],
      ['traffic', 30],
      ['tech_spend', 20],
      ['partner_technology', 10],
    ]);
    expect(scored.breakdown.every((b) => b.reason.length > 0)).toBe(true);
  });

  it('refuses input that is not JSON, or has unknown fields', async () => {
    expect((await runPf(['score'], {}, 'vertical=Commerce')).code).toBe(2);
    const typo = await runPf(['score'], {}, JSON.stringify({ monthly_visits: 5 }));
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('monthly_visits');
  });
});

describe('pf enrich and pf intel, with no service running', () => {
  let sites: LocalSites;
  let env: Record<string, string>;
  let dataDir: string;

  beforeAll(async () => {
    sites = await startLocalSites((host, requestPath, res) => {
      if (host.replace(/^www\./, '') !== 'acme-shop.com' || requestPath !== '/') return void res.writeHead(404).end();
      const page = readSavedPage('shopify-algolia');
      res.writeHead(200, page.headers).end(page.body);
    });
    dataDir = await mkdtemp(path.join(tmpdir(), 'pf-enrich-cli-'));
    env = { PF_DATA_DIR: dataDir, PF_HTTP_RESOLVE: sites.pins(['acme-shop.com']), YAHOO_FINANCE_ENABLED: 'false', LOG_LEVEL: 'warn' };
  });
  afterAll(async () => {
    await sites?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('enriches in-process, then prints the stored intel', async () => {
    const enriched = await runPf(['enrich', 'https://www.acme-shop.com/', '--json'], env);
    expect(enriched.code).toBe(0);
    const { job, intel } = JSON.parse(enriched.stdout) as { job: { status: string; modules: Record<string, { status: string }> }; intel: unknown };
    // Without keys the paid providers are skipped, not failed: the job is complete.
    expect(job.status).toBe('completed');
    expect(job.modules['tech.builtwith']?.status).toBe('skipped');
    expect(IntelSchema.parse(intel).searchVendor).toBe('Algolia');

    const shown = await runPf(['intel', 'acme-shop.com'], env);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Acme Shop (acme-shop.com)');
    expect(shown.stdout).toContain('Search vendor: Algolia');

    const unknown = await runPf(['intel', 'unknown-company.com'], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No intel on unknown-company.com yet');

    // Audited as from the command line, with no user (the CLI has none). Read once the CLI is done with the store.
    const store = await openDatabase<Database>({ dataDir: path.join(dataDir, 'pglite') });
    try {
      const audited = await store.db.selectFrom('audit_log').select(['action', 'actor_user_id', 'target_id', 'details']).where('action', '=', 'enrichment.triggered').execute();
      expect(audited).toEqual([{ action: 'enrichment.triggered', actor_user_id: null, target_id: 'acme-shop.com', details: expect.objectContaining({ via: 'cli', trigger: 'cli', force: false }) }]);
    } finally {
      await store.close();
    }
  }, 180_000);
});
