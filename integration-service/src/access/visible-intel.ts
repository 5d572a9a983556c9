import type { Intel } from '@partnerforge/shared/schemas';
import type { AccountAccess } from './account-access.ts';

/** Modules whose data is financials: hidden whole from roles that may not see them. */
const FINANCIAL_MODULES: ReadonlySet<string> = new Set(['financials.yahoo']);

/** Intel with the fields a role may not see removed (absent, not null), so no surface can show them. */
export function visibleIntel(intel: Intel, access: Pick<AccountAccess, 'financials'>): Intel {
  if (access.financials) return intel;
  if (!Object.isFrozen(intel)) return withoutFinancials(intel);
  // A frozen card is a cached one, shared by every request: strip it once, and share that too.
  let stripped = withoutFinancialsOf.get(intel);
  if (stripped === undefined) {
    stripped = Object.freeze(withoutFinancials(intel));
    withoutFinancialsOf.set(intel, stripped);
  }
  return stripped;
}

const withoutFinancialsOf = new WeakMap<Intel, Intel>();

function withoutFinancials(intel: Intel): Intel {
  const { financials: _hidden, ...visible } = intel;
  // The source of a hidden fact would still name it (a quote URL carries the ticker).
  return { ...visible, sources: visible.sources.filter((source) => !FINANCIAL_MODULES.has(source.module)) };
}

/** Change categories a viewer never receives. */
export function hiddenChangeCategories(access: Pick<AccountAccess, 'financials'>): string[] {
  return access.financials ? [] : ['financial_change'];
}
