import type { Intel } from '@partnerforge/shared/schemas';
import type { Db } from '../database/database.ts';
import type { EventBus } from '../events/domain-events.ts';
import type { ApiKeyWithUser } from '../auth/api-keys.repository.ts';
import type { AccountOwnership } from '../access/account-ownership.ts';
import { type AliasTable, createAliasTable } from '../enrichment/alias-table.ts';
import type { InvalidationBus } from './invalidation-bus.ts';
import { type TtlCache, createTtlCache } from './ttl-cache.ts';

/**
 * API keys are checked on every request. A revocation through this process's API takes effect
 * at once (and in other api processes as fast as Redis delivers the message); one made outside
 * the API (`pf keys revoke`, a deactivated user, a SQL edit) within this many ms.
 */
export const API_KEY_CACHE_TTL_MS = 2_000;

/**
 * The longest an assembled intel card is served; new snapshots invalidate it at once through
 * the bus, so this only bounds the damage of a lost message (and alias edits).
 */
export const INTEL_CACHE_TTL_MS = 30_000;

/**
 * Who owns and is assigned to each account. Changes made through the API reach every process at
 * once through the bus; those made elsewhere (the CLI, the Salesforce owner sync, SQL) within
 * this many ms. Like the key rows, short: it decides who may read an account.
 */
export const ACCOUNT_OWNERSHIP_CACHE_TTL_MS = 5_000;

/** Cached cards at most (each a few KB). */
export const INTEL_CACHE_MAX_ENTRIES = 5_000;

/** The caches of the API's hot reads, kept current by the invalidation bus. */
export interface ReadCaches {
  /** Key rows (with their user) by key prefix. The secret is still checked on every request. */
  apiKeys: TtlCache<ApiKeyWithUser | undefined>;
  /** Assembled intel by canonical domain. */
  intel: TtlCache<Intel>;
  /** Account ownership by canonical domain, for the role matrix of every account read. */
  accountOwnership: TtlCache<AccountOwnership>;
  aliases: AliasTable;
  bus: InvalidationBus;
}

export function createReadCaches(db: Db, bus: InvalidationBus): ReadCaches {
  const apiKeys = createTtlCache<ApiKeyWithUser | undefined>({ ttlMs: API_KEY_CACHE_TTL_MS });
  const intel = createTtlCache<Intel>({ ttlMs: INTEL_CACHE_TTL_MS, maxEntries: INTEL_CACHE_MAX_ENTRIES });
  bus.subscribe('api-key', (prefix) => (prefix === undefined ? apiKeys.clear() : apiKeys.invalidate(prefix)));
  bus.subscribe('intel', (domain) => (domain === undefined ? intel.clear() : intel.invalidate(domain)));
  const accountOwnership = createTtlCache<AccountOwnership>({ ttlMs: ACCOUNT_OWNERSHIP_CACHE_TTL_MS, maxEntries: INTEL_CACHE_MAX_ENTRIES });
  bus.subscribe('account-access', (domain) => (domain === undefined ? accountOwnership.clear() : accountOwnership.invalidate(domain)));
  return { apiKeys, intel, accountOwnership, aliases: createAliasTable(db), bus };
}

/**
 * Stored snapshots invalidate their domain's card, in this process and (with Redis) all others:
 * once per wave of modules (a message per module was five per job to every process).
 */
export function wireIntelInvalidation(events: EventBus, bus: InvalidationBus): void {
  events.on('snapshots.stored', ({ domain }) => bus.publish('intel', domain));
}
