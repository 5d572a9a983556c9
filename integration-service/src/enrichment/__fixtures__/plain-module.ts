import type { ModuleId } from '@partnerforge/shared/schemas';
import type { EnrichmentModule } from '../module-types.ts';

/**
 * A module that is plain data, for tests whose behaviour depends only on ids, dependencies and
 * results (the registry's waves, the orchestrator's bookkeeping): it answers `{ id }` at once.
 */
export function plainModule(id: ModuleId, dependsOn: ModuleId[] = []): EnrichmentModule {
  return {
    id,
    dependsOn,
    providers: ['test'],
    ttlMs: 1000,
    costUsd: 0,
    enabled: true,
    run: async () => ({ provider: 'test', data: { id }, sourceUrl: 'https://example.com/', fetchedAt: new Date() }),
  };
}
