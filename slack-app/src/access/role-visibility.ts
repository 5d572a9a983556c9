import type { Intel, Role } from '@partnerforge/shared/schemas';

/**
 * What a role may see of an account's intel (the role matrix): admins, managers and AEs see
 * financials; SDRs and viewers do not. Hidden fields are removed, not nulled, so nothing
 * downstream can render them by mistake.
 */
export type VisibleIntel = Omit<Intel, 'financials'> & { financials?: Intel['financials'] };

const FINANCIAL_ROLES: ReadonlySet<Role> = new Set(['admin', 'manager', 'ae']);

export function canSeeFinancials(role: Role): boolean {
  return FINANCIAL_ROLES.has(role);
}

/** The intel as `role` may see it. */
export function visibleIntelFor(intel: Intel, role: Role): VisibleIntel {
  if (canSeeFinancials(role)) return intel;
  const { financials: _hidden, ...visible } = intel;
  return visible;
}
