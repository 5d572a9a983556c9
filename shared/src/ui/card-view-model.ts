import type { Intel, Tier } from '../schemas/intel.ts';
import type { Role } from '../schemas/roles.ts';
import { formatAge, formatCompactNumber, formatCount, formatGrowth, formatMoney } from './format.ts';

/** How many technologies a card names before "+N more". */
export const KEY_TECHNOLOGY_LIMIT = 6;

/**
 * Roles that may see financials (the original role matrix: an SDR sees none, a viewer sees
 * them read-only). The service removes them from responses for the others; this is the same
 * rule for views that hold intel fetched with a broader key.
 */
const FINANCIAL_ROLES: ReadonlySet<Role> = new Set<Role>(['admin', 'manager', 'ae', 'viewer']);

/** Whether a role may see a company's financials. */
export function canSeeFinancials(role: Role): boolean {
  return FINANCIAL_ROLES.has(role);
}

/** One change since the previous enrichment, as change detection reports it. */
export interface CardChange {
  summary: string;
  significance: 'critical' | 'high' | 'medium' | 'low';
  detectedAt: string;
}

export interface CardViewModelInput {
  intel: Intel;
  /** The viewer's role; decides what is shown at all (not merely hidden). */
  role: Role;
  /** "Now" for ages; defaults to the current time. */
  now?: Date;
  /** Changes since the previous enrichment, newest first; none known when absent. */
  changes?: readonly CardChange[];
  /** Where the card links to; a link without a URL is not shown. */
  links?: { brief?: string; salesforce?: string };
}

export interface CardFinancials {
  ticker: string;
  exchange: string | null;
  marketCap: string | null;
  revenue: string | null;
  revenueGrowth: string | null;
  employees: string | null;
}

/** Everything a card shows, already decided and formatted; components only lay it out. */
export interface CardViewModel {
  domain: string;
  /** The company's name, or its domain when the name is unknown. */
  title: string;
  description: string | null;
  score: number | null;
  /** "86", or "–" while unscored. */
  scoreLabel: string;
  tier: Tier | null;
  /** "Hot", "Warm", "Cool", "Cold" or "Not scored". */
  tierLabel: string;
  /** The site-search product found, or null when none was detected. */
  searchVendor: string | null;
  searchVendorLabel: string;
  partnerPlatforms: string[];
  /** The most telling technologies first (search, commerce, CMS …), at most {@link KEY_TECHNOLOGY_LIMIT}. */
  keyTechnologies: string[];
  /** How many more technologies are known beyond {@link keyTechnologies}. */
  moreTechnologies: number;
  /** "12.3M visits / month", or null when traffic is unknown. */
  trafficLabel: string | null;
  techSpendLabel: string | null;
  /** Present only for roles that may see financials, and only when the company has them. */
  financials?: CardFinancials;
  breakdown: Array<{ factor: string; points: number; reason: string }>;
  /** `stale` when any source is older than its module's TTL: still shown, due for a refresh. */
  freshness: 'fresh' | 'stale';
  /** Modules whose data is stale, e.g. ["traffic.similarweb"]. */
  staleModules: string[];
  lastEnrichedAt: string | null;
  /** "Enriched 3 days ago", or "Never enriched". */
  lastEnrichedLabel: string;
  changes: CardChange[];
  links: { brief?: string; salesforce?: string };
}

const TIER_LABELS: Record<Tier, string> = { hot: 'Hot', warm: 'Warm', cool: 'Cool', cold: 'Cold' };

const FACTOR_LABELS: Record<Intel['breakdown'][number]['factor'], string> = {
  vertical: 'Vertical',
  traffic: 'Traffic',
  tech_spend: 'Tech spend',
  partner_technology: 'Partner technology',
};

/** Category names (Wappalyzer's) from most to least telling for a search-software seller. */
const CATEGORY_PRIORITY = [
  /search/i,
  /ecommerce/i,
  /^cms$/i,
  /personali[sz]ation|recommendation/i,
  /a\/b testing/i,
  /marketing automation|customer data platform/i,
  /analytics|tag manager/i,
  /framework/i,
];

/** Turns intel, the viewer's role and what is known of freshness into what a card shows. Pure. */
export function buildCardViewModel(input: CardViewModelInput): CardViewModel {
  const { intel, role } = input;
  const now = input.now ?? new Date();
  const staleModules = intel.sources.filter((source) => !source.fresh).map((source) => source.module);
  const ranked = rankTechnologies(intel.technologies);

  const view: CardViewModel = {
    domain: intel.domain,
    title: intel.company?.name?.trim() || intel.domain,
    description: intel.company?.description ?? null,
    score: intel.score,
    scoreLabel: intel.score === null ? '–' : String(Math.round(intel.score)),
    tier: intel.tier,
    tierLabel: intel.tier === null ? 'Not scored' : TIER_LABELS[intel.tier],
    searchVendor: intel.searchVendor,
    searchVendorLabel: intel.searchVendor ?? 'None detected',
    partnerPlatforms: [...intel.partnerPlatforms],
    keyTechnologies: ranked.slice(0, KEY_TECHNOLOGY_LIMIT),
    moreTechnologies: Math.max(0, ranked.length - KEY_TECHNOLOGY_LIMIT),
    trafficLabel: intel.traffic?.monthlyVisits == null ? null : `${formatCompactNumber(intel.traffic.monthlyVisits)} visits / month`,
    techSpendLabel: intel.techSpendUsd === null ? null : `${formatMoney(intel.techSpendUsd)} / year`,
    breakdown: intel.breakdown.map((item) => ({ factor: FACTOR_LABELS[item.factor], points: item.points, reason: item.reason })),
    freshness: staleModules.length > 0 ? 'stale' : 'fresh',
    staleModules,
    lastEnrichedAt: intel.lastEnrichedAt,
    lastEnrichedLabel: intel.lastEnrichedAt === null ? 'Never enriched' : `Enriched ${formatAge(new Date(intel.lastEnrichedAt), now)}`,
    changes: [...(input.changes ?? [])],
    links: { ...input.links },
  };
  // Absent, not nulled: a role without the right never receives the values at all.
  if (canSeeFinancials(role) && intel.financials) view.financials = toCardFinancials(intel.financials);
  return view;
}

function toCardFinancials(financials: NonNullable<Intel['financials']>): CardFinancials {
  // Amounts arrive converted to USD (`…Usd`); `currency` is only the reporting currency.
  return {
    ticker: financials.ticker,
    exchange: financials.exchange,
    marketCap: financials.marketCapUsd === null ? null : formatMoney(financials.marketCapUsd),
    revenue: financials.revenueUsd === null ? null : formatMoney(financials.revenueUsd),
    revenueGrowth: financials.revenueGrowth === null ? null : formatGrowth(financials.revenueGrowth),
    employees: financials.employees === null ? null : formatCount(financials.employees),
  };
}

/** Technology names, most telling category first, then by name. */
function rankTechnologies(technologies: Intel['technologies']): string[] {
  return [...technologies]
    .map((technology) => ({ name: technology.name, rank: categoryRank(technology.categories) }))
    .sort((a, b) => a.rank - b.rank || a.name.localeCompare(b.name))
    .map((technology) => technology.name);
}

/** The position of a technology's most telling category in {@link CATEGORY_PRIORITY}; unknown ones last. */
function categoryRank(categories: string[]): number {
  const ranks = categories.map((category) => CATEGORY_PRIORITY.findIndex((pattern) => pattern.test(category))).filter((index) => index >= 0);
  return ranks.length === 0 ? CATEGORY_PRIORITY.length : Math.min(...ranks);
}
