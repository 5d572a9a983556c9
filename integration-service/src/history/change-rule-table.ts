import { formatCompactNumber, formatMoney } from '@partnerforge/shared/ui';
import type { ChangeRule } from './change-rules.ts';
import type { SetChange, ValueChange } from './diff-snapshot.ts';
import { roleLabel } from './executive-roles.ts';

// The change rules, in the order they are tried: edit this table (not the code that applies
// it) to change what counts as news and how much.

// ---- helpers the rules read with --------------------------------------------------------------

const str = (value: string | number | null) => (value === null ? '' : String(value));
const num = (value: string | number | null) => (typeof value === 'number' ? value : null);
/** Relative change old → new (0.25 = +25%); null when either is unknown or old is 0. */
export function relativeChange(change: ValueChange): number | null {
  const before = num(change.oldValue);
  const after = num(change.newValue);
  return before === null || after === null || before === 0 ? null : (after - before) / Math.abs(before);
}
const movedMoreThan = (fraction: number) => (change: ValueChange) => Math.abs(relativeChange(change) ?? 0) > fraction;
const percent = (change: ValueChange) => `${Math.round(Math.abs(relativeChange(change) ?? 0) * 100)}%`;
const upOrDown = (change: ValueChange) => ((relativeChange(change) ?? 0) >= 0 ? 'up' : 'down');
const listed = (items: string[], max = 5) => (items.length <= max ? items.join(', ') : `${items.slice(0, max).join(', ')} and ${items.length - max} more`);
function setSummary(label: string, change: SetChange): string {
  const parts = [];
  if (change.added.length) parts.push(`added ${listed(change.added)}`);
  if (change.removed.length) parts.push(`removed ${listed(change.removed)}`);
  return `${label}: ${parts.join('; ')}`;
}
const TIER_RANK: Record<string, number> = { cold: 0, cool: 1, warm: 2, hot: 3 };
const tierRank = (tier: string | number | null) => (tier === null ? -1 : (TIER_RANK[String(tier)] ?? -1));

const value = (rule: ChangeRule<ValueChange>) => rule as ChangeRule;
const list = (rule: ChangeRule<SetChange>) => rule as ChangeRule;

// ---- the rules, in the order they are tried ------------------------------------------------------

export const CHANGE_RULES: readonly ChangeRule[] = [
  // Search vendor: the displacement signal this product exists for.
  value({
    id: 'search-vendor-removed',
    module: 'website.fingerprint',
    field: 'searchVendor',
    kind: 'value',
    when: (c) => c.oldValue !== null && c.newValue === null,
    category: 'search_vendor_change',
    significance: 'critical',
    summary: (c) => `Search vendor removed: ${str(c.oldValue)} no longer runs their site search`,
    whyItMatters: 'Their site search is gone or being rebuilt: an open evaluation window. Ask what replaces it before a competitor is chosen.',
  }),
  value({
    id: 'search-vendor-replaced',
    module: 'website.fingerprint',
    field: 'searchVendor',
    kind: 'value',
    when: (c) => c.oldValue !== null && c.newValue !== null,
    category: 'search_vendor_change',
    significance: 'critical',
    summary: (c) => `Search vendor replaced: ${str(c.oldValue)} → ${str(c.newValue)}`,
    whyItMatters: (c) => `A fresh search decision: learn why ${str(c.oldValue)} lost and whether ${str(c.newValue)} is still in a trial or onboarding phase.`,
  }),
  value({
    id: 'search-vendor-added',
    module: 'website.fingerprint',
    field: 'searchVendor',
    kind: 'value',
    when: (c) => c.oldValue === null && c.newValue !== null,
    category: 'search_vendor_change',
    significance: 'high',
    summary: (c) => `Search vendor added: ${str(c.newValue)}`,
    whyItMatters: 'They just chose a site-search product: the contract is new, so note the renewal date and the gaps the rollout leaves.',
  }),
  list({
    id: 'partner-platforms-changed',
    module: 'website.fingerprint',
    field: 'partnerPlatforms',
    kind: 'set',
    category: 'tech_stack_change',
    significance: 'medium',
    summary: (c) => setSummary('Partner platforms', c),
    whyItMatters: 'A new or dropped commerce/content platform means a replatforming project, when site search is chosen again.',
  }),
  list({
    id: 'website-technologies-changed',
    module: 'website.fingerprint',
    field: 'technologies',
    kind: 'set',
    category: 'tech_stack_change',
    significance: 'low',
    summary: (c) => setSummary('Technologies on the website', c),
    whyItMatters: 'Stack changes show which web projects are active right now.',
  }),
  list({
    id: 'builtwith-technologies-changed',
    module: 'tech.builtwith',
    field: 'technologies',
    kind: 'set',
    category: 'tech_stack_change',
    significance: 'low',
    summary: (c) => setSummary('Technologies (BuiltWith)', c),
    whyItMatters: 'Stack changes show which web projects are active right now.',
  }),
  value({
    id: 'tech-spend-moved',
    module: 'tech.builtwith',
    field: 'techSpendUsd',
    kind: 'value',
    when: movedMoreThan(0.25),
    category: 'tech_stack_change',
    significance: 'medium',
    summary: (c) => `Estimated tech spend ${upOrDown(c)} ${percent(c)}: ${formatMoney(num(c.oldValue) ?? 0)} → ${formatMoney(num(c.newValue) ?? 0)} a year`,
    whyItMatters: (c) => (upOrDown(c) === 'up' ? 'Rising tech spend means budget for new tools this year.' : 'Falling tech spend: consolidation, where a vendor that replaces several wins.'),
  }),
  value({
    id: 'traffic-moved',
    module: 'traffic.similarweb',
    field: 'monthlyVisits',
    kind: 'value',
    when: movedMoreThan(0.25),
    category: 'traffic_change',
    significance: 'medium',
    summary: (c) => `Traffic ${upOrDown(c)} ${percent(c)}: ${formatCompactNumber(num(c.oldValue) ?? 0)} → ${formatCompactNumber(num(c.newValue) ?? 0)} visits a month`,
    whyItMatters: (c) =>
      upOrDown(c) === 'up'
        ? 'More visitors make search relevance worth more: the business case just grew.'
        : 'Fewer visitors make every visit count: conversion from search is the lever to pull.',
  }),
  // Executives: a new decision maker re-evaluates vendors in their first months.
  value({
    id: 'executive-replaced',
    module: 'financials.yahoo',
    field: 'executives.',
    kind: 'value',
    when: (c) => c.oldValue !== null && c.newValue !== null,
    category: 'executive_change',
    significance: 'high',
    summary: (c) => `New ${roleLabel(c.field.slice('executives.'.length))}: ${str(c.newValue)} (replacing ${str(c.oldValue)})`,
    whyItMatters: 'A new executive reviews vendors and budgets in their first 90 days: a new relationship to open before priorities are set.',
  }),
  value({
    id: 'executive-new-role',
    module: 'financials.yahoo',
    field: 'executives.',
    kind: 'value',
    when: (c) => c.oldValue === null && c.newValue !== null,
    category: 'executive_change',
    significance: 'high',
    summary: (c) => `New ${roleLabel(c.field.slice('executives.'.length))}: ${str(c.newValue)}`,
    whyItMatters: 'A newly filled C-level seat brings a new mandate and a review of vendors: a relationship to open early.',
  }),
  value({
    id: 'executive-left',
    module: 'financials.yahoo',
    field: 'executives.',
    kind: 'value',
    when: (c) => c.oldValue !== null && c.newValue === null,
    category: 'executive_change',
    significance: 'medium',
    summary: (c) => `${roleLabel(c.field.slice('executives.'.length))} ${str(c.oldValue)} is no longer listed`,
    whyItMatters: 'A departed sponsor can stall a deal: find out who owns the decision now.',
  }),
  list({
    id: 'officers-changed',
    module: 'financials.yahoo',
    field: 'officers',
    kind: 'set',
    category: 'executive_change',
    significance: 'low',
    summary: (c) => setSummary('Officers', c),
    whyItMatters: 'Leadership changes below the C-level can still bring new sponsors.',
  }),
  value({
    id: 'listing-changed',
    module: 'financials.yahoo',
    field: 'ticker',
    kind: 'value',
    category: 'financial_change',
    significance: (c) => (c.oldValue === null || c.newValue === null ? 'medium' : 'low'),
    summary: (c) => (c.oldValue === null ? `Now publicly listed as ${str(c.newValue)}` : c.newValue === null ? `No longer listed (was ${str(c.oldValue)})` : `Ticker changed: ${str(c.oldValue)} → ${str(c.newValue)}`),
    whyItMatters: 'A listing, delisting or merger changes who signs and how budgets are set.',
  }),
  value({
    id: 'revenue-moved',
    module: 'financials.yahoo',
    field: 'revenueUsd',
    kind: 'value',
    when: movedMoreThan(0.1),
    category: 'financial_change',
    significance: 'medium',
    summary: (c) => `Revenue ${upOrDown(c)} ${percent(c)}: ${formatMoney(num(c.oldValue) ?? 0)} → ${formatMoney(num(c.newValue) ?? 0)}`,
    whyItMatters: (c) => (upOrDown(c) === 'up' ? 'Growth brings budget for customer-experience projects.' : 'Pressure on revenue: lead with conversion and cost of ownership.'),
  }),
  value({
    id: 'market-cap-moved',
    module: 'financials.yahoo',
    field: 'marketCapUsd',
    kind: 'value',
    when: movedMoreThan(0.25),
    category: 'financial_change',
    significance: 'low',
    summary: (c) => `Market value ${upOrDown(c)} ${percent(c)}: ${formatMoney(num(c.oldValue) ?? 0)} → ${formatMoney(num(c.newValue) ?? 0)}`,
    whyItMatters: 'A big move in market value shifts priorities and spending appetite.',
  }),
  value({
    id: 'headcount-grew',
    module: 'financials.yahoo',
    field: 'employees',
    kind: 'value',
    when: (c) => (relativeChange(c) ?? 0) > 0.1,
    category: 'hiring_signal',
    significance: 'medium',
    summary: (c) => `Headcount up ${percent(c)}: ${formatCompactNumber(num(c.oldValue) ?? 0)} → ${formatCompactNumber(num(c.newValue) ?? 0)}`,
    whyItMatters: 'Fast hiring means new teams and projects that need tooling.',
  }),
  value({
    id: 'headcount-shrank',
    module: 'financials.yahoo',
    field: 'employees',
    kind: 'value',
    when: (c) => (relativeChange(c) ?? 0) < -0.1,
    category: 'financial_change',
    significance: 'medium',
    summary: (c) => `Headcount down ${percent(c)}: ${formatCompactNumber(num(c.oldValue) ?? 0)} → ${formatCompactNumber(num(c.newValue) ?? 0)}`,
    whyItMatters: 'Layoffs favour tools that do more with fewer engineers and merchandisers.',
  }),
  value({
    id: 'careers-page-found',
    module: 'company.context',
    field: 'careersUrl',
    kind: 'value',
    when: (c) => c.oldValue === null && c.newValue !== null,
    category: 'hiring_signal',
    significance: 'low',
    summary: (c) => `Careers page found: ${str(c.newValue)}`,
    whyItMatters: 'Open roles show where they invest; search, e-commerce or digital roles hint at a search project.',
  }),
  value({
    id: 'company-renamed',
    module: 'company.context',
    field: 'name',
    kind: 'value',
    when: (c) => c.oldValue !== null && c.newValue !== null,
    category: 'company_change',
    significance: 'medium',
    summary: (c) => `Company name changed: ${str(c.oldValue)} → ${str(c.newValue)}`,
    whyItMatters: 'A rebrand or acquisition usually comes with a new site, where vendors are chosen again.',
  }),
  // Score tier: the ICP fit crossing a line, including a first score that is already hot.
  value({
    id: 'became-hot',
    module: 'score',
    field: 'tier',
    kind: 'value',
    onFirstVersion: true,
    when: (c) => c.newValue === 'hot' && c.oldValue !== 'hot',
    category: 'score_tier_change',
    significance: 'high',
    summary: (c) => (c.oldValue === null ? 'New hot lead: the first score puts it in the hot tier' : `Now a hot lead (was ${str(c.oldValue)})`),
    whyItMatters: 'Hot accounts fit the ideal customer profile best: work them before the competition does.',
  }),
  value({
    id: 'tier-changed',
    module: 'score',
    field: 'tier',
    kind: 'value',
    when: (c) => c.oldValue !== null && c.newValue !== null,
    category: 'score_tier_change',
    significance: (c) => (tierRank(c.newValue) > tierRank(c.oldValue) || c.oldValue === 'hot' ? 'medium' : 'low'),
    summary: (c) => `Score tier ${tierRank(c.newValue) > tierRank(c.oldValue) ? 'rose' : 'fell'}: ${str(c.oldValue)} → ${str(c.newValue)}`,
    whyItMatters: (c) => (tierRank(c.newValue) > tierRank(c.oldValue) ? 'A better ICP fit than before: worth moving up the list.' : 'A weaker ICP fit than before: check what dropped before investing more time.'),
  }),
];
