import type { Intel } from '@partnerforge/shared/schemas';
import type { Db } from '../database/database.ts';
import type { LatestSnapshot } from '../enrichment/snapshots.repository.ts';
import { assembleIntel } from '../intel/intel.service.ts';

/** The modules the pushed fields come from (tech stack, search vendor). */
const PUSHED_MODULES = ['website.fingerprint', 'tech.builtwith'];

/** The newest technologies and search vendor of many domains, in one query. */
export async function intelForPush(db: Db, domains: readonly string[]): Promise<Map<string, Pick<Intel, 'technologies' | 'searchVendor'>>> {
  const result = new Map<string, Pick<Intel, 'technologies' | 'searchVendor'>>();
  if (domains.length === 0) return result;
  const rows = await db
    .selectFrom('intel_snapshots')
    .distinctOn(['domain', 'module'])
    .select(['domain', 'id', 'module', 'provider', 'version', 'data', 'source_url', 'fetched_at'])
    .where('domain', 'in', domains)
    .where('module', 'in', PUSHED_MODULES)
    .orderBy('domain')
    .orderBy('module')
    .orderBy('version', 'desc')
    .execute();
  const byDomain = new Map<string, LatestSnapshot[]>();
  for (const { domain, ...snapshot } of rows) byDomain.set(domain, [...(byDomain.get(domain) ?? []), snapshot]);
  for (const [domain, snapshots] of byDomain) {
    const intel = assembleIntel(domain, snapshots, { ttlMs: () => 0 });
    result.set(domain, { technologies: intel.technologies, searchVendor: intel.searchVendor });
  }
  return result;
}
