/** A detected technology as classification reads it (fingerprint or BuiltWith names alike). */
export interface ClassifiableTechnology {
  name: string;
  categories: readonly string[];
  /** 0–100; the most confident search vendor is named first. Default 100. */
  confidence?: number;
}

/** Who runs the site's search and which partner platforms it is built on. */
export interface TechnologyClassification {
  /** The search vendor to name (a known vendor first, then the most confident), or null. */
  searchVendor: string | null;
  /** Every search product found, known vendors by their canonical name, others by dataset name. */
  searchVendors: string[];
  /** Commerce and content platforms search vendors partner with, canonical names, list order. */
  partnerPlatforms: string[];
}

/**
 * Search vendors a sales team names, with the technology names that mean them (the
 * fingerprint dataset's and BuiltWith's spellings). Names only: detection is the dataset's job.
 * Kept in this order when two are equally confident.
 */
const SEARCH_VENDORS: ReadonlyArray<readonly [vendor: string, names: readonly string[]]> = [
  ['Algolia', ['Algolia', 'Algolia DocSearch', 'Algolia Search', 'Algolia InstantSearch']],
  // Swiftype is Elastic's hosted site search; ElasticSuite and ElasticPress run on Elasticsearch.
  ['Elasticsearch', ['Elasticsearch', 'Elastic', 'Elastic App Search', 'Elastic Site Search', 'Elastic Enterprise Search', 'Swiftype', 'ElasticSuite', 'ElasticPress']],
  ['Coveo', ['Coveo', 'Coveo Relevance Cloud']],
  ['Bloomreach', ['Bloomreach Discovery', 'Bloomreach Search', 'brSM']],
  ['Constructor', ['Constructor.io', 'Constructor']],
  ['Lucidworks Fusion', ['Lucidworks Fusion', 'Lucidworks']],
  ['Searchspring', ['Searchspring', 'SearchSpring']],
  ['Klevu', ['Klevu']],
  ['Yext', ['Yext', 'Yext Search', 'Yext Answers']],
  ['Google Vertex AI Search', ['Google Vertex AI Search', 'Vertex AI Search', 'Google Cloud Retail Search', 'Google Retail Search']],
  ['Doofinder', ['Doofinder']],
  // Crownpeak bought Attraqt (and with it Fredhopper).
  ['Attraqt/Crownpeak', ['Attraqt', 'Fredhopper', 'Crownpeak Product Discovery']],
  ['Typesense', ['Typesense']],
  ['Meilisearch', ['Meilisearch', 'MeiliSearch']],
];

/**
 * Technologies in a search category that are not a site-search product (autocomplete widgets,
 * log dashboards, search-engine ads), so they are never named as the vendor.
 */
const NOT_SEARCH_VENDORS = ['Awesomplete', 'Kibana', 'Trivago', 'ShopStyle', 'Goodsearch', 'Baidu Search Box', 'SEO Manager', 'Segmentify', 'SalesFire', 'Layers'];

/** Category names that mean site search: the fingerprint dataset's and BuiltWith's. */
const SEARCH_CATEGORIES = ['Search engines', 'Site search', 'Search'];

/** Partner platforms with the technology names that mean them; scoring gives points by name. */
const PARTNER_PLATFORMS: ReadonlyArray<readonly [platform: string, names: readonly string[]]> = [
  ['Adobe Experience Manager', ['Adobe Experience Manager', 'Adobe Experience Manager Edge Delivery Services', 'Adobe Experience Manager Franklin', 'Adobe Experience Manager Sites', 'Adobe CQ']],
  ['Shopify Plus', ['Shopify Plus']],
  ['Shopify', ['Shopify']],
  ['Salesforce Commerce Cloud', ['Salesforce Commerce Cloud', 'Demandware', 'Salesforce B2C Commerce']],
  // The dataset cannot tell Magento Open Source from Adobe Commerce (its paid edition).
  ['Magento / Adobe Commerce', ['Magento', 'Adobe Commerce', 'Magento Commerce', 'Magento Enterprise', 'Magento 2']],
  ['BigCommerce', ['BigCommerce', 'BigCommerce B2B Edition']],
  ['Sitecore', ['Sitecore', 'Sitecore Experience Platform', 'Sitecore Experience Edge', 'Sitecore Engagement Cloud', 'Sitecore XM Cloud']],
  ['commercetools', ['commercetools']],
  ['SAP Commerce Cloud', ['SAP Commerce Cloud', 'Hybris', 'SAP Hybris']],
  ['Oracle Commerce', ['Oracle Commerce', 'Oracle Commerce Cloud', 'Oracle ATG']],
  ['Optimizely', ['Optimizely Content Management', 'Optimizely Commerce', 'Episerver']],
  ['Acquia', ['Acquia Cloud Platform', 'Acquia Site Studio', 'Acquia Cloud Site Factory', 'Acquia Personalization', 'Acquia Content Hub']],
  ['Contentful', ['Contentful']],
  ['Contentstack', ['Contentstack']],
  ['Amplience', ['Amplience']],
  ['VTEX', ['VTEX']],
  ['Elastic Path', ['Elastic Path']],
  ['Kibo Commerce', ['Kibo Commerce']],
  ['Spryker', ['Spryker']],
  ['Shopware', ['Shopware']],
];

const key = (name: string) => name.toLowerCase().replace(/[^a-z0-9]/g, '');
const VENDOR_BY_NAME = new Map(SEARCH_VENDORS.flatMap(([vendor, names]) => names.map((name) => [key(name), vendor] as const)));
const VENDOR_ORDER = new Map(SEARCH_VENDORS.map(([vendor], index) => [vendor, index]));
const PLATFORM_BY_NAME = new Map(PARTNER_PLATFORMS.flatMap(([platform, names]) => names.map((name) => [key(name), platform] as const)));
const PLATFORM_ORDER = new Map(PARTNER_PLATFORMS.map(([platform], index) => [platform, index]));
const EXCLUDED = new Set(NOT_SEARCH_VENDORS.map(key));
const SEARCH_CATEGORY_KEYS = new Set(SEARCH_CATEGORIES.map(key));

/**
 * Names the search vendor(s) and partner platforms among detected technologies. Known vendors
 * are recognised by name whatever their category; any other technology in a site-search
 * category counts under its own name. "Shopify Plus" supersedes "Shopify".
 */
export function classifyTechnologies(technologies: readonly ClassifiableTechnology[]): TechnologyClassification {
  const vendors = new Map<string, { known: boolean; confidence: number }>();
  const platforms = new Set<string>();
  for (const technology of technologies) {
    const confidence = technology.confidence ?? 100;
    const known = VENDOR_BY_NAME.get(key(technology.name));
    const inSearchCategory = technology.categories.some((category) => SEARCH_CATEGORY_KEYS.has(key(category)));
    const vendor = known ?? (inSearchCategory && !EXCLUDED.has(key(technology.name)) ? technology.name : undefined);
    if (vendor !== undefined) {
      const previous = vendors.get(vendor);
      vendors.set(vendor, { known: known !== undefined, confidence: Math.max(confidence, previous?.confidence ?? 0) });
    }
    const platform = PLATFORM_BY_NAME.get(key(technology.name));
    if (platform !== undefined) platforms.add(platform);
  }
  if (platforms.has('Shopify Plus')) platforms.delete('Shopify');

  const searchVendors = [...vendors.entries()]
    .sort(([a, x], [b, y]) => Number(y.known) - Number(x.known) || y.confidence - x.confidence || vendorOrder(a) - vendorOrder(b) || a.localeCompare(b))
    .map(([vendor]) => vendor);
  const partnerPlatforms = [...platforms].sort((a, b) => (PLATFORM_ORDER.get(a) ?? 0) - (PLATFORM_ORDER.get(b) ?? 0));
  return { searchVendor: searchVendors[0] ?? null, searchVendors, partnerPlatforms };
}

function vendorOrder(vendor: string): number {
  return VENDOR_ORDER.get(vendor) ?? Number.MAX_SAFE_INTEGER;
}
