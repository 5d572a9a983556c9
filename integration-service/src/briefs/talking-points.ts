import type { Intel, ModuleId } from '@partnerforge/shared/schemas';
import { formatGrowth } from '@partnerforge/shared/ui';
import type { ChangeEventRow } from '../history/change-events.repository.ts';
import { cLevelRolesOf } from '../history/executive-roles.ts';
import { formatDate } from './brief-components.ts';
import type { SourceRef } from './brief-sources.ts';

/** One thing to say on the call, the signal it rests on, and that signal's source. */
export interface TalkingPoint {
  /** What the point rests on, e.g. "Search vendor: Elasticsearch". */
  signal: string;
  text: string;
  source: SourceRef;
}

/** How to pitch against each incumbent search vendor (keys: the classifier's vendor names). */
const DISPLACEMENT_ANGLES: Record<string, string> = {
  Elasticsearch:
    'relevance is tuned by engineers and the cluster is theirs to run: show hosted search whose ranking and merchandising business users control, with nothing to operate.',
  Coveo: 'heavy implementation and enterprise pricing: lead with time to value and a side-by-side relevance test on their own catalogue.',
  Bloomreach: 'suite lock-in: position best-of-breed search that plugs into the stack they already have.',
  Constructor: 'commerce-only focus: show one search across products and content.',
  'Lucidworks Fusion': 'a platform to staff and operate: show the same relevance as a service, measured in weeks not quarters.',
  Searchspring: 'mid-market tooling: show headroom for their traffic, languages and catalogue size.',
  Klevu: 'plugin-level control: show API-first search their developers can build any experience on.',
  Yext: 'answers-first, weak for commerce: show product discovery and merchandising depth.',
  'Google Vertex AI Search': 'a general-purpose cloud service: show merchandiser tooling and analytics out of the box.',
  Doofinder: 'a plug-and-play widget: show the control and scale enterprise teams need.',
  'Attraqt/Crownpeak': 'a vendor in transition after its acquisition: offer a stable roadmap and a low-risk migration.',
  Typesense: 'self-hosted open source: show what the team gets back when search is a service.',
  Meilisearch: 'self-hosted open source: show what the team gets back when search is a service.',
};
const GENERIC_ANGLE = 'ask what they would change about relevance, speed and merchandising, and offer a side-by-side test on their own catalogue.';

/** The partner-platform angle when no dedicated search vendor was seen. */
const PLATFORM_ANGLES: Record<string, string> = {
  'Adobe Experience Manager': 'AEM sites usually run basic built-in search: lead with the AEM connector and search across content and products.',
  'Shopify Plus': "Shopify's native search is limited: lead with an app installed in days and merchandising the team runs itself.",
  Shopify: "Shopify's native search is limited: lead with an app installed in days and merchandising the team runs itself.",
  'Salesforce Commerce Cloud': 'SFCC search needs developers for every tweak: lead with the cartridge and business-user merchandising.',
  'Magento / Adobe Commerce': 'native search on Magento means running Elasticsearch or OpenSearch: lead with hosted search and the extension.',
};


export interface TalkingPointInput {
  intel: Intel;
  /** Recent change events, newest first. */
  changes: readonly ChangeEventRow[];
  executives: ReadonlyArray<{ name: string; title: string }>;
  sources: Partial<Record<ModuleId, SourceRef>>;
}

/**
 * What to say on the call, derived from the signals (most telling first): a fresh search
 * vendor change, the incumbent vendor and its displacement angle (or the partner platform's
 * when there is none), new executives, traffic trend, score and growth. Every point names the
 * source of its signal; a signal without a source makes no point. Pure.
 */
export function deriveTalkingPoints(input: TalkingPointInput): TalkingPoint[] {
  const { intel, changes, sources } = input;
  const points: TalkingPoint[] = [];
  const add = (module: ModuleId, signal: string, text: string) => {
    const source = sources[module];
    if (source) points.push({ signal, text, source });
  };

  const vendorChange = changes.find((c) => c.category === 'search_vendor_change');
  if (vendorChange) add('website.fingerprint', vendorChange.summary, `${vendorChange.summary} (${formatDate(vendorChange.detected_at)}). ${vendorChange.why_it_matters ?? ''}`.trim());

  if (intel.searchVendor) {
    const angle = DISPLACEMENT_ANGLES[intel.searchVendor] ?? GENERIC_ANGLE;
    add('website.fingerprint', `Search vendor: ${intel.searchVendor}`, `They run ${intel.searchVendor} for site search. Displacement angle: ${angle}`);
  } else if (intel.partnerPlatforms.length > 0) {
    const platform = intel.partnerPlatforms[0] as string;
    add('website.fingerprint', `Partner platform: ${platform}, no search vendor`, `On ${platform} with no dedicated search vendor detected. ${PLATFORM_ANGLES[platform] ?? `Co-sell with the ${platform} partner team and lead with the ready-made integration.`}`);
  }

  for (const change of changes.filter((c) => c.category === 'executive_change' && c.field.startsWith('executives.') && c.new_value !== null).slice(0, 2)) {
    add('financials.yahoo', change.summary, `${change.summary}, noticed ${formatDate(change.detected_at)}. New leaders review vendors in their first 90 days: open the relationship now.`);
  }
  if (!changes.some((c) => c.category === 'executive_change')) {
    const buyers = input.executives.filter((e) => cLevelRolesOf(e.title).some((role) => ['cto', 'cdo', 'cio', 'cmo'].includes(role))).slice(0, 2);
    if (buyers.length) add('financials.yahoo', 'Executives', `Likely sponsors: ${buyers.map((e) => `${e.name} (${e.title})`).join('; ')}.`);
  }

  const months = intel.traffic?.visitsByMonth ?? [];
  const first = months[0];
  const last = months[months.length - 1];
  if (first && last && months.length >= 3 && first.visits > 0) {
    const growth = (last.visits - first.visits) / first.visits;
    if (Math.abs(growth) >= 0.1) {
      add('traffic.similarweb', `Traffic ${formatGrowth(growth)} over ${months.length} months`, growth > 0
        ? `Traffic grew ${formatGrowth(growth)} from ${first.month} to ${last.month}: more visitors make relevance and speed at scale worth more.`
        : `Traffic fell ${formatGrowth(growth)} from ${first.month} to ${last.month}: converting the visitors they keep is the lever — search is where intent shows.`);
    }
  }

  if (intel.tier === 'hot' || intel.tier === 'warm') {
    const reasons = [...intel.breakdown].sort((a, b) => b.points - a.points).slice(0, 3).map((b) => b.reason);
    add('score', `Score ${intel.score} (${intel.tier})`, `A ${intel.tier} fit (${intel.score}/100): ${reasons.join(', ')}.`);
  }

  const growth = intel.financials?.revenueGrowth;
  if (typeof growth === 'number' && Math.abs(growth) >= 0.03) {
    add('financials.yahoo', `Revenue growth ${formatGrowth(growth)}`, growth > 0
      ? `Revenue is growing ${formatGrowth(growth)} year over year: there is budget for customer-experience projects.`
      : `Revenue is shrinking (${formatGrowth(growth)}): lead with conversion gains and total cost of ownership.`);
  }
  return points;
}
