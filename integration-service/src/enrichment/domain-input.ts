import { type NormalizeDomainResult, normalizeDomain, resolveAlias } from '@partnerforge/shared/domain';
import type { Db } from '../database/database.ts';
import { AppError } from '../errors/app-error.ts';
import type { AliasTable } from './alias-table.ts';

/** Inputs remembered at most; the whole memo is dropped when full (simple, and bounds its memory). */
const MEMO_MAX_ENTRIES = 10_000;
/** Longer inputs (rare, and mostly refused) are not remembered. */
const MEMO_MAX_INPUT_LENGTH = 255;
const normalizedInputs = new Map<string, NormalizeDomainResult>();

/**
 * `normalizeDomain`, remembered: it is pure, the same domains are asked for all day, and its
 * public-suffix lookup was the largest cost of an intel read left once the data came from memory.
 */
function normalizeRemembered(input: string): NormalizeDomainResult {
  if (input.length > MEMO_MAX_INPUT_LENGTH) return normalizeDomain(input);
  let result = normalizedInputs.get(input);
  if (result === undefined) {
    result = normalizeDomain(input);
    if (normalizedInputs.size >= MEMO_MAX_ENTRIES) normalizedInputs.clear();
    normalizedInputs.set(input, result);
  }
  return result;
}

/**
 * Turns what a user typed (domain, URL, e-mail) into the canonical domain we store intel
 * under, following `domain_aliases` (costco.ca → costco.com). Refusals say why. With an
 * in-memory `aliases` table (hot read paths) no query runs.
 */
export async function resolveDomainInput(db: Db, input: string, aliases?: AliasTable): Promise<string> {
  const normalized = normalizeRemembered(input);
  if (!normalized.ok) throw new AppError('validation_failed', 400, `"${input.slice(0, 100)}" is not a company domain: ${normalized.reason}`, { field: 'domain', reason: normalized.reason });
  if (aliases) return aliases.resolve(normalized.domain);
  const firstHop = await db.selectFrom('domain_aliases').select(['alias', 'domain']).where('alias', '=', normalized.domain).execute();
  if (firstHop.length === 0) return normalized.domain;
  // Chains are rare; fetch the whole small table only when the first hop exists.
  const all = await db.selectFrom('domain_aliases').select(['alias', 'domain']).execute();
  return resolveAlias(normalized.domain, new Map(all.map((a) => [a.alias, a.domain])));
}
