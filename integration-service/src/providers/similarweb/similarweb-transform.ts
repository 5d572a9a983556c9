import { z } from 'zod';
import { parseVendorBody } from '../resilience/parse-vendor-body.ts';
import { ProviderError } from '../resilience/provider-error.ts';

export const SIMILARWEB = 'similarweb';

// total-traffic-and-engagement/visits: { meta: { status, ... }, visits: [{ date, visits }] }.
// Dates come as "2024-01-01" (the docs also show "2024-01"); visits are float estimates.
export const VisitsResponseSchema = z.object({
  meta: z
    .object({
      status: z.string().nullish(),
      error_code: z.number().nullish(),
      error_message: z.string().nullish(),
      last_updated: z.string().nullish(),
    })
    .nullish(),
  visits: z.array(z.object({ date: z.string().regex(/^\d{4}-\d{2}/), visits: z.number().nullable() })).nullish(),
});

export interface TrafficData {
  /** Mean monthly visits over the months present (rounded); null when none are. */
  monthlyVisits: number | null;
  /** One entry per month present, oldest first; `month` is YYYY-MM. */
  visitsByMonth: Array<{ month: string; visits: number }>;
}

const yearMonth = (date: Date) => date.toISOString().slice(0, 7);

/** The last `count` full calendar months (UTC) before `now`, as YYYY-MM bounds. */
export function lastFullMonths(now: Date, count = 6): { startMonth: string; endMonth: string } {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const start = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - (count - 1), 1));
  return { startMonth: yearMonth(start), endMonth: yearMonth(end) };
}

/**
 * Throws for an error SimilarWeb reports in a 2xx body (`meta.status: "Error"`). Its
 * "Data not found" (error_code 401, oddly) means the domain has no data: not_found.
 */
export function throwOnSimilarWebError(domain: string, body: unknown): void {
  const meta = parseVendorBody(SIMILARWEB, VisitsResponseSchema, body).meta;
  if (meta?.status?.toLowerCase() !== 'error') return;
  const message = meta.error_message ?? 'unknown error';
  if (/not found/i.test(message)) throw new ProviderError(SIMILARWEB, 'not_found', `similarweb has no traffic data for ${domain}`, { status: 200 });
  const code = meta.error_code === 401 || meta.error_code === 403 ? 'unauthorized' : 'bad_request';
  throw new ProviderError(SIMILARWEB, code, `similarweb refused the request for ${domain}: error ${meta.error_code ?? 'unknown'}`, { status: 200 });
}

/** Monthly visits as we store them: whole visits per YYYY-MM, plus their mean. */
export function transformVisits(body: unknown): TrafficData {
  const response = parseVendorBody(SIMILARWEB, VisitsResponseSchema, body);
  const visitsByMonth = (response.visits ?? [])
    .filter((entry): entry is { date: string; visits: number } => entry.visits !== null)
    .map((entry) => ({ month: entry.date.slice(0, 7), visits: Math.round(entry.visits) }))
    .sort((a, b) => a.month.localeCompare(b.month));
  const total = visitsByMonth.reduce((sum, entry) => sum + entry.visits, 0);
  return { monthlyVisits: visitsByMonth.length ? Math.round(total / visitsByMonth.length) : null, visitsByMonth };
}
