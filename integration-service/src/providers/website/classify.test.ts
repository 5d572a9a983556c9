import { describe, expect, it } from 'vitest';
import { classifyTechnologies, type ClassifiableTechnology } from './classify.ts';

const tech = (name: string, categories: string[] = [], confidence = 100): ClassifiableTechnology => ({ name, categories, confidence });

describe('classifyTechnologies', () => {
  it('names a known search vendor and the partner platform', () => {
    expect(classifyTechnologies([tech('Shopify', ['Ecommerce']), tech('Algolia', ['Search engines']), tech('jsDelivr', ['CDN'])])).toEqual({
      searchVendor: 'Algolia',
      searchVendors: ['Algolia'],
      partnerPlatforms: ['Shopify'],
    });
  });

  it.each([
    ['Swiftype', 'Elasticsearch'],
    ['ElasticSuite', 'Elasticsearch'],
    ['Elastic App Search', 'Elasticsearch'],
    ['Bloomreach Discovery', 'Bloomreach'],
    ['Constructor.io', 'Constructor'],
    ['Attraqt', 'Attraqt/Crownpeak'],
    ['Fredhopper', 'Attraqt/Crownpeak'],
    ['Lucidworks Fusion', 'Lucidworks Fusion'],
    ['Vertex AI Search', 'Google Vertex AI Search'],
    ['Yext', 'Yext'],
    ['Algolia DocSearch', 'Algolia'],
    ['MeiliSearch', 'Meilisearch'],
  ])('calls %s %s', (name, vendor) => {
    expect(classifyTechnologies([tech(name)]).searchVendor).toBe(vendor);
  });

  it('counts another product of a site-search category under its own name, after the known vendors', () => {
    const result = classifyTechnologies([tech('Searchanise', ['Search engines'], 100), tech('Coveo', ['Search engines', 'Personalisation'], 50)]);
    expect(result.searchVendors).toEqual(['Coveo', 'Searchanise']);
    expect(result.searchVendor).toBe('Coveo');
  });

  it("reads BuiltWith's Site Search category too", () => {
    expect(classifyTechnologies([tech('SearchStax', ['Site Search'])]).searchVendors).toEqual(['SearchStax']);
  });

  it('does not take autocomplete widgets or dashboards for a search vendor', () => {
    expect(classifyTechnologies([tech('Awesomplete', ['Search engines']), tech('Kibana', ['Search engines'])]).searchVendor).toBeNull();
  });

  it('names the more confident of two known vendors, then the list order', () => {
    expect(classifyTechnologies([tech('Swiftype', [], 100), tech('Algolia', [], 50)]).searchVendors).toEqual(['Elasticsearch', 'Algolia']);
    expect(classifyTechnologies([tech('Coveo'), tech('Algolia')]).searchVendors).toEqual(['Algolia', 'Coveo']);
  });

  it('merges products of one vendor', () => {
    expect(classifyTechnologies([tech('Algolia'), tech('Algolia DocSearch')]).searchVendors).toEqual(['Algolia']);
  });

  it('lists partner platforms in a stable order, Shopify Plus superseding Shopify', () => {
    const result = classifyTechnologies([tech('Shopify'), tech('Shopify Plus'), tech('Adobe Experience Manager'), tech('Magento'), tech('Demandware')]);
    expect(result.partnerPlatforms).toEqual(['Adobe Experience Manager', 'Shopify Plus', 'Salesforce Commerce Cloud', 'Magento / Adobe Commerce']);
  });

  it('recognises names whatever their case and punctuation', () => {
    expect(classifyTechnologies([tech('adobe experience manager'), tech('SEARCHSPRING')])).toMatchObject({
      searchVendor: 'Searchspring',
      partnerPlatforms: ['Adobe Experience Manager'],
    });
  });

  it('finds nothing in a plain stack', () => {
    expect(classifyTechnologies([tech('Nginx', ['Web servers']), tech('jQuery', ['JavaScript libraries'])])).toEqual({
      searchVendor: null,
      searchVendors: [],
      partnerPlatforms: [],
    });
  });
});
