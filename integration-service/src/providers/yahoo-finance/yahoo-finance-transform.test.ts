import { describe, expect, it } from 'vitest';
import searchCostco from './__fixtures__/search-costco.json' with { type: 'json' };
import summaryCost from './__fixtures__/quote-summary-cost.json' with { type: 'json' };
import { listedEquities, parseQuoteSummary, toFinancials } from './yahoo-finance-transform.ts';

describe('listedEquities', () => {
  it('keeps Yahoo equities in relevance order, dropping options and private companies', () => {
    expect(listedEquities(searchCostco)).toEqual(['COST', 'COST.NE']);
    expect(listedEquities({ quotes: [] })).toEqual([]);
  });
});

describe('toFinancials', () => {
  const summary = parseQuoteSummary(summaryCost.quoteSummary.result[0]);

  it('normalizes a quote summary', () => {
    expect(toFinancials('COST', summary)).toEqual({
      ticker: 'COST',
      exchange: 'NasdaqGS',
      companyName: 'Costco Wholesale Corporation',
      marketCapUsd: 404823339008,
      revenueUsd: 275235004416,
      revenueGrowth: 0.081,
      employees: 341000,
      officers: [
        { name: 'Mr. Ron M. Vachris', title: 'President, CEO & Director' },
        { name: 'Mr. Gary Millerchip', title: 'Executive VP & CFO' },
      ],
      currency: 'USD',
    });
  });

  it('does not report non-USD amounts as USD', () => {
    const cad = parseQuoteSummary({
      price: { symbol: 'COST.NE', currency: 'CAD', marketCap: 1_000 },
      financialData: { totalRevenue: 2_000, financialCurrency: 'USD', revenueGrowth: {} },
    });
    expect(toFinancials('COST.NE', cad)).toMatchObject({ marketCapUsd: null, revenueUsd: 2_000, revenueGrowth: null, currency: 'CAD', officers: [] });
  });

  it('refuses a summary without a symbol', () => {
    expect(() => parseQuoteSummary({ price: { longName: 'x' } })).toThrow(expect.objectContaining({ code: 'invalid_response' }));
  });
});
