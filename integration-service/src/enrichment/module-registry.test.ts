import { describe, expect, it } from 'vitest';
import type { ModuleId } from '@partnerforge/shared/schemas';
import { createModuleRegistry } from './module-registry.ts';
import type { EnrichmentModule } from './module-types.ts';

// Registry behaviour depends only on ids and dependencies, so modules here are plain data.
function moduleOf(id: ModuleId, dependsOn: ModuleId[] = []): EnrichmentModule {
  return {
    id,
    dependsOn,
    providers: ['test'],
    ttlMs: 1000,
    costUsd: 0,
    enabled: true,
    run: async () => ({ provider: 'test', data: {}, sourceUrl: 'https://example.com/', fetchedAt: new Date() }),
  };
}

const registry = createModuleRegistry([
  moduleOf('website.fingerprint'),
  moduleOf('company.context'),
  moduleOf('tech.builtwith'),
  moduleOf('financials.yahoo', ['company.context']),
  moduleOf('score', ['website.fingerprint', 'tech.builtwith', 'financials.yahoo']),
]);

describe('module registry', () => {
  it('orders modules into dependency waves', () => {
    const waves = registry.waves(['score', 'financials.yahoo', 'company.context', 'website.fingerprint', 'tech.builtwith']);
    expect(waves.map((w) => [...w].sort())).toEqual([
      ['company.context', 'tech.builtwith', 'website.fingerprint'],
      ['financials.yahoo'],
      ['score'],
    ]);
  });

  it('adds what a selection depends on, transitively', () => {
    expect([...registry.withDependencies(['financials.yahoo'])].sort()).toEqual(['company.context', 'financials.yahoo']);
    expect(registry.withDependencies(['score']).size).toBe(5);
  });

  it('treats a dependency outside the selection as satisfied (its cached data is read)', () => {
    expect(registry.waves(['financials.yahoo'])).toEqual([['financials.yahoo']]);
  });

  it('refuses unknown dependencies, duplicates and cycles at start', () => {
    expect(() => createModuleRegistry([moduleOf('score', ['tech.builtwith'])])).toThrow('depends on unknown module tech.builtwith');
    expect(() => createModuleRegistry([moduleOf('score'), moduleOf('score')])).toThrow('registered twice');
    expect(() => createModuleRegistry([moduleOf('score', ['financials.yahoo']), moduleOf('financials.yahoo', ['score'])])).toThrow('cycle');
  });
});
