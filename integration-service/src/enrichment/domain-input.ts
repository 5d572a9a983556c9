import { normalizeDomain, resolveAlias } from '@partnerforge/shared/domain';
import type { Db } from '../database/database.ts';
import { AppError } from '../errors/app-error.ts';
import type { AliasTable } from './alias-table.ts';

/**
 * Turns what a user typed (domain, URL, e-mail) into the canonical domain we store intel
 * under, following `domain_aliases` (costco.ca → costco.com). Refusals say why. With an
 * in-memory `aliases` table (hot read paths) no query runs.
 */
export async function resolveDomainInput(db: Db, input: string, aliases?: AliasTable): Promise<string> {
  const normalized = normalizeDomain(input);
  if (!normalized.ok) throw new AppError('validation_failed', 400, `"${input.slice(0, 100)}" is not a company domain: ${normalized.reason}`, { field: 'domain', reason: normalized.reason });
  if (aliases) return aliases.resolve(normalized.domain);
  const firstHop = await db.selectFrom('domain_aliases').select(['alias', 'domain']).where('alias', '=', normalized.domain).execute();
  if (firstHop.length === 0) return normalized.domain;
  // Chains are rare; fetch the whole small table only when the first hop exists.
  const all = await db.selectFrom('domain_aliases').select(['alias', 'domain']).execute();
  return resolveAlias(normalized.domain, new Map(all.map((a) => [a.alias, a.domain])));
}
