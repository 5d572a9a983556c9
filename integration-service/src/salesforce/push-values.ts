import type { Intel } from '@partnerforge/shared/schemas';
import type { BriefLinks } from '../briefs/brief-links.ts';
import type { PushField } from './field-mapping.ts';

export type PushValue = string | number | null;
export type PushValues = Record<PushField, PushValue>;

export interface AccountForPush {
  domain: string;
  score: number | null;
  tier: string | null;
  last_enriched_at: Date | null;
}

/** Long Text Area(32768) on the Account (salesforce/…/PartnerForge_Tech_Stack__c.field-meta.xml). */
export const TECH_STACK_MAX_LENGTH = 32_768;

/** Picklist values of PartnerForge_Priority__c. */
const PRIORITY: Record<string, string> = { hot: 'Hot', warm: 'Warm', cool: 'Cool', cold: 'Cold' };

/** What the Account's PartnerForge fields should say now, from the account row and its newest intel. */
export function computePushValues(account: AccountForPush, intel: Pick<Intel, 'technologies' | 'searchVendor'> | undefined, briefLinks: BriefLinks): PushValues {
  const names = intel?.technologies.map((t) => t.name) ?? [];
  let techStack = names.join('; ');
  if (techStack.length > TECH_STACK_MAX_LENGTH) techStack = `${techStack.slice(0, TECH_STACK_MAX_LENGTH - 1)}…`;
  const enriched = account.last_enriched_at !== null;
  return {
    score: account.score,
    priority: account.tier ? (PRIORITY[account.tier] ?? null) : null,
    techStack: techStack === '' ? null : techStack,
    searchVendor: intel?.searchVendor ?? null,
    lastEnriched: account.last_enriched_at?.toISOString() ?? null,
    // A brief exists once the account has been enriched.
    briefUrl: enriched ? briefLinks.url(account.domain) : null,
  };
}

export interface ChangeOptions {
  briefLinks: BriefLinks;
  /** A pushed brief link is renewed when it expires sooner than this, ms. */
  briefRenewBeforeMs: number;
  now: Date;
}

/**
 * The fields whose value differs from what was last pushed. A value never pushed counts as
 * null, so an account not yet enriched costs nothing. The brief link is signed anew on every
 * computation, so it counts as changed only when the pushed one stops working: another page,
 * a rotated signing key, or an expiry closer than `briefRenewBeforeMs`.
 */
export function changedFields(desired: PushValues, lastPushed: Partial<Record<PushField, PushValue>>, domain: string, options: ChangeOptions): Partial<PushValues> {
  const changed: Partial<PushValues> = {};
  for (const [field, value] of Object.entries(desired) as Array<[PushField, PushValue]>) {
    const previous = lastPushed[field] ?? null;
    const same = field === 'briefUrl' ? sameBriefLink(value, previous, domain, options) : previous === value;
    if (!same) changed[field] = value;
  }
  return changed;
}

function sameBriefLink(desired: PushValue, previous: PushValue, domain: string, options: ChangeOptions): boolean {
  if (typeof desired !== 'string' || typeof previous !== 'string') return desired === previous;
  const [desiredPage] = desired.split('?');
  const [previousPage, query] = previous.split('?');
  if (desiredPage !== previousPage) return false;
  const token = new URLSearchParams(query ?? '').get('token') ?? undefined;
  const expires = Number(/^(\d+)\./.exec(token ?? '')?.[1] ?? 0) * 1000;
  return options.briefLinks.verify(domain, token, options.now) && expires - options.now.getTime() > options.briefRenewBeforeMs;
}
