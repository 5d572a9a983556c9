import { z } from 'zod';
import { parseVendorBody } from '../resilience/parse-vendor-body.ts';
import { ProviderError } from '../resilience/provider-error.ts';

export const BUILTWITH = 'builtwith';

// The Domain API (v21) response, as much of it as we read: Results[0].Result.Paths[].Technologies[].
// Vendor fields are optional and nullable on purpose: BuiltWith leaves out what it does not know.
const TechnologySchema = z.object({
  Name: z.string().min(1),
  Tag: z.string().nullish(),
  Categories: z.array(z.string()).nullish(),
  /** Epoch ms. */
  FirstDetected: z.number().nullish(),
  /** Epoch ms. */
  LastDetected: z.number().nullish(),
});

export const BuiltWithResponseSchema = z.object({
  Results: z
    .array(
      z.object({
        Lookup: z.string().nullish(),
        Result: z
          .object({
            /** Estimated monthly spend on premium technologies, USD (paid plans). */
            Spend: z.number().nullish(),
            Paths: z.array(z.object({ SubDomain: z.string().nullish(), Technologies: z.array(TechnologySchema).nullish() })).nullish(),
          })
          .nullish(),
      }),
    )
    .nullish(),
  /** Lookup errors BuiltWith reports with a 200 status. */
  Errors: z.array(z.object({ Lookup: z.string().nullish(), Message: z.string().nullish(), Code: z.number().nullish() })).nullish(),
});

export type BuiltWithResponse = z.infer<typeof BuiltWithResponseSchema>;

/** One technology of the normalized stack; dates are ISO 8601. */
export interface BuiltWithTechnology {
  name: string;
  tag: string | null;
  categories: string[];
  firstDetected: string | null;
  lastDetected: string | null;
}

export interface BuiltWithData {
  /** Deduplicated across paths (subdomains), sorted by name. */
  technologies: BuiltWithTechnology[];
  /** BuiltWith's estimated monthly spend on premium technologies in USD; null when not given. */
  techSpendUsd: number | null;
}

// BuiltWith's documented error codes (api.builtwith.com/errorCodes).
const ERROR_CODES: Record<number, { code: 'unauthorized' | 'bad_request' | 'server_error'; what: string }> = {
  [-2]: { code: 'unauthorized', what: 'the API key is not valid' },
  [-3]: { code: 'unauthorized', what: 'the API credits are used up' },
  [-8]: { code: 'bad_request', what: 'the root domain is not valid or not supported' },
  [-99]: { code: 'server_error', what: 'an internal BuiltWith error' },
};

/**
 * Throws for a lookup error reported inside a 200 answer (`Errors[]`). The vendor's message is
 * not repeated: only its documented code is, so nothing it echoes can leak into logs.
 */
export function throwOnBuiltWithErrors(domain: string, body: unknown): void {
  const errors = parseVendorBody(BUILTWITH, BuiltWithResponseSchema, body).Errors ?? [];
  const [first] = errors;
  if (!first) return;
  const known = ERROR_CODES[first.Code ?? 0];
  const what = known?.what ?? `error code ${first.Code ?? 'unknown'}`;
  throw new ProviderError(BUILTWITH, known?.code ?? 'bad_request', `builtwith refused the lookup of ${domain}: ${what}`, { status: 200 });
}

const isoDate = (epochMs: number | null | undefined) => (epochMs ? new Date(epochMs).toISOString() : null);

/**
 * The normalized stack from a Domain API answer: technologies merged across paths (categories
 * united, earliest first and latest last detection kept). No technology at all is `not_found`.
 */
export function transformBuiltWith(domain: string, body: unknown): BuiltWithData {
  const response = parseVendorBody(BUILTWITH, BuiltWithResponseSchema, body);
  const result = response.Results?.[0]?.Result;
  const byName = new Map<string, BuiltWithTechnology>();
  for (const path of result?.Paths ?? []) {
    for (const tech of path.Technologies ?? []) {
      const key = tech.Name.trim().toLowerCase();
      const seen = byName.get(key);
      const first = isoDate(tech.FirstDetected);
      const last = isoDate(tech.LastDetected);
      if (!seen) {
        byName.set(key, { name: tech.Name.trim(), tag: tech.Tag ?? null, categories: [...new Set(tech.Categories ?? [])], firstDetected: first, lastDetected: last });
        continue;
      }
      seen.tag ??= tech.Tag ?? null;
      seen.categories = [...new Set([...seen.categories, ...(tech.Categories ?? [])])];
      // ISO strings of the same format compare in time order.
      if (first && (!seen.firstDetected || first < seen.firstDetected)) seen.firstDetected = first;
      if (last && (!seen.lastDetected || last > seen.lastDetected)) seen.lastDetected = last;
    }
  }
  if (byName.size === 0) throw new ProviderError(BUILTWITH, 'not_found', `builtwith has no technologies on record for ${domain}`);
  return {
    technologies: [...byName.values()].sort((a, b) => a.name.localeCompare(b.name)),
    techSpendUsd: result?.Spend ?? null,
  };
}
