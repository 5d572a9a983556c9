/** Where the card's link buttons lead for a domain. */
export type CardLinks = (domain: string) => { briefUrl: string; salesforceUrl?: string };

export interface CardLinksOptions {
  /** Public base URL of PartnerForge (brief pages). */
  publicUrl: string;
  /** Salesforce My Domain URL; without it the card has no Salesforce button. */
  salesforceInstanceUrl?: string;
}

export function createCardLinks(options: CardLinksOptions): CardLinks {
  const base = options.publicUrl.replace(/\/+$/, '');
  const salesforce = options.salesforceInstanceUrl?.replace(/\/+$/, '');
  return (domain) => ({
    briefUrl: `${base}/briefs/${encodeURIComponent(domain)}`,
    // The card knows the domain, not the Account id: a global search finds the Account by its website.
    ...(salesforce ? { salesforceUrl: `${salesforce}/_ui/search/ui/UnifiedSearchResults?searchType=2&str=${encodeURIComponent(domain)}` } : {}),
  });
}
