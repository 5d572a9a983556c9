import { z } from 'zod';
import { parseVendorBody } from '../resilience/parse-vendor-body.ts';
import type { CompanyCandidate } from './company-match.ts';

export const YAHOO_FINANCE = 'yahoo-finance';

/** The quoteSummary modules read: profile (website, staff, officers), price, financials, summary. */
export const QUOTE_SUMMARY_MODULES = ['assetProfile', 'price', 'financialData', 'summaryDetail'] as const;

// yahoo-finance2 runs with validateResult: false (its own schema fails on harmless drift), so
// these schemas are the check. Numbers tolerate Yahoo's `{}` for "no value".
const optionalNumber = z.number().nullish().catch(null);
const optionalString = z.string().nullish().catch(null);

export const SearchResultSchema = z.object({
  quotes: z
    .array(z.object({ symbol: z.string(), quoteType: optionalString, isYahooFinance: z.boolean().nullish() }))
    .nullish(),
});

export const QuoteSummarySchema = z.object({
  assetProfile: z
    .object({
      website: optionalString,
      fullTimeEmployees: optionalNumber,
      companyOfficers: z.array(z.object({ name: optionalString, title: optionalString })).nullish(),
    })
    .nullish(),
  price: z
    .object({
      symbol: z.string(),
      longName: optionalString,
      shortName: optionalString,
      exchange: optionalString,
      exchangeName: optionalString,
      currency: optionalString,
      marketCap: optionalNumber,
    })
    .nullish(),
  financialData: z.object({ totalRevenue: optionalNumber, revenueGrowth: optionalNumber, financialCurrency: optionalString }).nullish(),
  summaryDetail: z.object({ marketCap: optionalNumber, currency: optionalString }).nullish(),
});

export type QuoteSummary = z.infer<typeof QuoteSummarySchema>;

export interface FinancialsData {
  ticker: string;
  /** Exchange display name (NasdaqGS, NYSE, ...), else its code. */
  exchange: string | null;
  companyName: string | null;
  /** Market capitalisation in USD; null when the listing is not in USD (no FX conversion). */
  marketCapUsd: number | null;
  /** Trailing-twelve-months revenue in USD; null when reported in another currency. */
  revenueUsd: number | null;
  /** Year-over-year quarterly revenue growth as a fraction (0.081 = 8.1 %). */
  revenueGrowth: number | null;
  employees: number | null;
  officers: Array<{ name: string; title: string }>;
  /** Currency of the listing. */
  currency: string | null;
}

/** Equity symbols of a search answer, in Yahoo's relevance order (options, funds and private companies dropped). */
export function listedEquities(body: unknown): string[] {
  const quotes = parseVendorBody(YAHOO_FINANCE, SearchResultSchema, body).quotes ?? [];
  return quotes.filter((quote) => quote.quoteType === 'EQUITY' && quote.isYahooFinance !== false).map((quote) => quote.symbol);
}

export function parseQuoteSummary(body: unknown): QuoteSummary {
  return parseVendorBody(YAHOO_FINANCE, QuoteSummarySchema, body);
}

/** What {@link matchesCompany} compares: the profile's website and the listing's names. */
export function companyCandidate(summary: QuoteSummary): CompanyCandidate {
  return { website: summary.assetProfile?.website ?? null, names: [summary.price?.longName ?? null, summary.price?.shortName ?? null] };
}

export function toFinancials(symbol: string, summary: QuoteSummary): FinancialsData {
  const { price, assetProfile, financialData, summaryDetail } = summary;
  const currency = price?.currency ?? summaryDetail?.currency ?? null;
  const revenueCurrency = financialData?.financialCurrency ?? currency;
  return {
    ticker: price?.symbol ?? symbol,
    exchange: price?.exchangeName ?? price?.exchange ?? null,
    companyName: price?.longName ?? price?.shortName ?? null,
    marketCapUsd: currency === 'USD' ? (price?.marketCap ?? summaryDetail?.marketCap ?? null) : null,
    revenueUsd: revenueCurrency === 'USD' ? (financialData?.totalRevenue ?? null) : null,
    revenueGrowth: financialData?.revenueGrowth ?? null,
    employees: assetProfile?.fullTimeEmployees ?? null,
    officers: (assetProfile?.companyOfficers ?? [])
      .filter((officer): officer is { name: string; title: string } => Boolean(officer.name && officer.title))
      .map((officer) => ({ name: officer.name.replace(/\s+/g, ' ').trim(), title: officer.title.trim() })),
    currency,
  };
}
