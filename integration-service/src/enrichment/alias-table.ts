import { resolveAlias } from '@partnerforge/shared/domain';
import type { Db } from '../database/database.ts';
import { createTtlCache } from '../cache/ttl-cache.ts';

/** `domain_aliases` held in memory: resolving a domain costs no query on a hot read path. */
export interface AliasTable {
  /** The canonical domain of a normalized one (itself when it has no alias). */
  resolve(domain: string): Promise<string>;
}

export interface AliasTableOptions {
  /**
   * How long one read of the table is used, ms. Aliases are edited by hand and rarely, so an
   * edit takes effect within this time in every process. Default 5 000.
   */
  ttlMs?: number;
}

/** Reads the whole (small, hand-maintained) alias table at most once per `ttlMs`. */
export function createAliasTable(db: Db, options: AliasTableOptions = {}): AliasTable {
  const cache = createTtlCache<ReadonlyMap<string, string>>({ ttlMs: options.ttlMs ?? 5_000, maxEntries: 1 });
  const load = async () => {
    const rows = await db.selectFrom('domain_aliases').select(['alias', 'domain']).execute();
    return { value: new Map(rows.map((row) => [row.alias, row.domain])) };
  };
  return {
    async resolve(domain) {
      const aliases = await cache.get('all', load);
      return aliases.has(domain) ? resolveAlias(domain, aliases) : domain;
    },
  };
}
