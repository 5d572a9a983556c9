import type { Intel } from '@partnerforge/shared/schemas';

/** Where a fact came from and when, as the brief cites it. */
export interface SourceRef {
  module: string;
  /** Who said it: "BuiltWith", "Yahoo Finance", … */
  label: string;
  url: string;
  /** Whether `url` can be opened (an http(s) address, not a `urn:` of our own). */
  linkable: boolean;
  fetchedAt: string;
  fresh: boolean;
}

const MODULE_LABELS: Record<string, string> = {
  'website.fingerprint': 'Website scan',
  'company.context': 'Company website',
  'tech.builtwith': 'BuiltWith',
  'traffic.similarweb': 'SimilarWeb',
  'financials.yahoo': 'Yahoo Finance',
  score: 'PartnerForge ICP score',
};

/** A module's name as a reader knows the source. */
export function moduleLabel(module: string): string {
  return MODULE_LABELS[module] ?? module;
}

export function sourceRefOf(source: Intel['sources'][number]): SourceRef {
  return {
    module: source.module,
    label: moduleLabel(source.module),
    url: source.sourceUrl,
    linkable: /^https?:\/\//i.test(source.sourceUrl),
    fetchedAt: source.fetchedAt,
    fresh: source.fresh,
  };
}
