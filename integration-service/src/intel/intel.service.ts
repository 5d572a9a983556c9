import type { Intel, ModuleId } from '@partnerforge/shared/schemas';
import type { Db } from '../database/database.ts';
import { AppError } from '../errors/app-error.ts';
import type { TtlCache } from '../cache/ttl-cache.ts';
import type { AliasTable } from '../enrichment/alias-table.ts';
import { resolveDomainInput } from '../enrichment/domain-input.ts';
import { type LatestSnapshot, latestSnapshots } from '../enrichment/snapshots.repository.ts';
import {
  BuiltWithDataSchema,
  CompanyContextDataSchema,
  FinancialsDataSchema,
  FingerprintDataSchema,
  ScoreDataSchema,
  TrafficDataSchema,
  readModuleData,
} from './module-data.ts';

export interface IntelOptions {
  /** Freshness TTL of a module, ms; older data is still shown but marked stale. */
  ttlMs: (module: ModuleId) => number;
  now?: () => Date;
  /** Assembled cards by canonical domain, invalidated when a snapshot is stored. Default: none. */
  cache?: TtlCache<Intel>;
  /** The alias table in memory. Default: queried per call. */
  aliases?: AliasTable;
}

/** The current intel of a domain from the newest snapshot of each module, or 404 with a hint. */
export async function getIntel(db: Db, domainInput: string, options: IntelOptions): Promise<Intel> {
  const domain = await resolveDomainInput(db, domainInput, options.aliases);
  const load = async () => {
    const snapshots = await latestSnapshots(db, domain);
    if (snapshots.length === 0) {
      throw AppError.notFound(`No intel on ${domain} yet; enrich it first`, { hint: { method: 'POST', path: '/v1/enrichments', body: { domain } } });
    }
    const intel = assembleIntel(domain, snapshots, options);
    // A cached card is shared by every request: frozen, so a per-caller filter must copy, not edit.
    return { value: options.cache ? deepFreeze(intel) : intel, expiresAt: freshnessChangesAt(snapshots, options) };
  };
  return options.cache ? options.cache.get(domain, load) : (await load()).value;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/** When the first source marked fresh turns stale: a cached card must not outlive its flags. */
function freshnessChangesAt(snapshots: LatestSnapshot[], options: IntelOptions): number {
  const now = (options.now ?? (() => new Date()))().getTime();
  let earliest = Number.POSITIVE_INFINITY;
  for (const snapshot of snapshots) {
    const ttl = options.ttlMs(snapshot.module as ModuleId);
    const staleAt = snapshot.fetched_at.getTime() + ttl;
    if (ttl > 0 && staleAt > now) earliest = Math.min(earliest, staleAt);
  }
  return earliest;
}

/** Merges module snapshots into one card's worth of intel; each fact keeps its source. */
export function assembleIntel(domain: string, snapshots: LatestSnapshot[], options: IntelOptions): Intel {
  const now = (options.now ?? (() => new Date()))().getTime();
  const byModule = new Map(snapshots.map((s) => [s.module, s]));
  const data = (module: ModuleId) => byModule.get(module)?.data;

  const fingerprint = readModuleData(FingerprintDataSchema, data('website.fingerprint'));
  const context = readModuleData(CompanyContextDataSchema, data('company.context'));
  const builtwith = readModuleData(BuiltWithDataSchema, data('tech.builtwith'));
  const traffic = readModuleData(TrafficDataSchema, data('traffic.similarweb'));
  const financials = readModuleData(FinancialsDataSchema, data('financials.yahoo'));
  const score = readModuleData(ScoreDataSchema, data('score'));

  // One entry per technology, whichever sources saw it, with BuiltWith's first/last seen dates.
  const technologies = new Map<string, Intel['technologies'][number]>();
  const addTechnology = (name: string, categories: string[], source: string, first: string | null, last: string | null) => {
    const key = name.toLowerCase();
    const existing = technologies.get(key);
    if (existing) {
      existing.sources = [...new Set([...existing.sources, source])];
      existing.categories = [...new Set([...existing.categories, ...categories])];
      existing.firstDetected ??= first;
      existing.lastDetected ??= last;
    } else {
      technologies.set(key, { name, categories, sources: [source], firstDetected: first, lastDetected: last });
    }
  };
  for (const t of fingerprint?.technologies ?? []) addTechnology(t.name, t.categories, 'website.fingerprint', null, null);
  for (const t of builtwith?.technologies ?? []) addTechnology(t.name, t.categories, 'tech.builtwith', t.firstDetected, t.lastDetected);

  const fetchedTimes = snapshots.map((s) => s.fetched_at.getTime());
  return {
    domain,
    company: context ? { name: context.name, description: context.description, logoUrl: context.logoUrl, linkedinUrl: context.linkedinUrl } : null,
    technologies: [...technologies.values()].sort((a, b) => a.name.localeCompare(b.name)),
    searchVendor: fingerprint?.searchVendor ?? null,
    partnerPlatforms: fingerprint?.partnerPlatforms ?? [],
    traffic: traffic ? { monthlyVisits: traffic.monthlyVisits, visitsByMonth: traffic.visitsByMonth } : null,
    techSpendUsd: builtwith?.techSpendUsd ?? null,
    financials: financials?.ticker
      ? {
          ticker: financials.ticker,
          exchange: financials.exchange,
          marketCapUsd: financials.marketCapUsd,
          revenueUsd: financials.revenueUsd,
          revenueGrowth: financials.revenueGrowth,
          employees: financials.employees,
          currency: financials.currency,
        }
      : null,
    score: score?.score ?? null,
    tier: score?.tier ?? null,
    breakdown: score?.breakdown ?? [],
    sources: snapshots.map((s) => sourceOf(s, now, options)),
    lastEnrichedAt: new Date(Math.max(...fetchedTimes)).toISOString(),
  };
}

function sourceOf(snapshot: LatestSnapshot, now: number, options: IntelOptions): Intel['sources'][number] {
  const ttl = options.ttlMs(snapshot.module as ModuleId);
  return {
    module: snapshot.module,
    provider: snapshot.provider,
    sourceUrl: snapshot.source_url,
    fetchedAt: snapshot.fetched_at.toISOString(),
    // The score is recomputed from its inputs on every job; it is as fresh as they are.
    fresh: ttl === 0 || now - snapshot.fetched_at.getTime() < ttl,
  };
}
