import { z } from 'zod';
import {
  EnrichmentAcceptedSchema,
  EnrichmentBatchAcceptedSchema,
  EnrichmentJobSchema,
  type EnrichmentAccepted,
  type EnrichmentBatchAccepted,
  type EnrichmentBatchRequest,
  type EnrichmentJob,
  type EnrichmentRequest,
} from '../schemas/enrichment.ts';
import { ErrorBodySchema } from '../schemas/error.ts';
import { IntelSchema, type Intel } from '../schemas/intel.ts';
import { RoleSchema } from '../schemas/roles.ts';
import { MeSchema, type Me } from '../schemas/user.ts';
import { PartnerForgeApiError } from './api-error.ts';

export interface PartnerForgeClientOptions {
  /** Service origin, e.g. https://partnerforge.example.com (no trailing slash needed). */
  baseUrl: string;
  /** A per-user key, `pf_xxxxxxxx_…`. */
  apiKey: string;
  /** Per-request time limit, ms (default 10 000). */
  timeoutMs?: number;
  /** Injected for environments without a global fetch; defaults to `globalThis.fetch`. */
  fetch?: typeof fetch;
  /** Correlates logs across the caller and the service (sent as X-Request-Id). */
  requestId?: () => string;
}

/** `GET /v1/users/lookup?email=`: a PartnerForge user as an admin caller sees them. */
export const UserLookupSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: RoleSchema,
  team: z.object({ id: z.string(), name: z.string() }).nullable(),
});
export type UserLookup = z.infer<typeof UserLookupSchema>;

/** Per-call options of the reads and writes an admin service key makes for someone. */
export interface ActingOptions {
  /**
   * The PartnerForge user id the call is made for (sent as `X-PF-Acting-For`; admin keys
   * only): the service then applies that user's role and accounts, so what it answers is
   * what they may see.
   */
  actingForUserId?: string;
}

/** The typed client every app uses to talk to the service; responses are validated with zod. */
export interface PartnerForgeClient {
  me(): Promise<Me>;
  getIntel(domain: string, options?: ActingOptions): Promise<Intel>;
  /** The intel of the company whose LinkedIn page is `https://www.linkedin.com/company/<slug>`; 404 when unknown. */
  getIntelByLinkedIn(slug: string): Promise<Intel>;
  requestEnrichment(request: EnrichmentRequest, options?: ActingOptions): Promise<EnrichmentAccepted>;
  /** Queues up to 500 domains in one request; each input is accepted or refused on its own. */
  requestEnrichments(request: EnrichmentBatchRequest, options?: ActingOptions): Promise<EnrichmentBatchAccepted>;
  getEnrichment(jobId: string): Promise<EnrichmentJob>;
  /** A user by e-mail (admin keys only; 404 `not_found` when unknown): how the Slack app maps a Slack user. */
  lookupUser(email: string): Promise<UserLookup>;
}

export function createPartnerForgeClient(options: PartnerForgeClientOptions): PartnerForgeClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);

  async function call<S extends z.ZodType>(schema: S, method: string, path: string, body?: unknown, acting: ActingOptions = {}): Promise<z.output<S>> {
    const headers: Record<string, string> = { authorization: `Bearer ${options.apiKey}`, accept: 'application/json' };
    if (acting.actingForUserId) headers['x-pf-acting-for'] = acting.actingForUserId;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const requestId = options.requestId?.();
    if (requestId) headers['x-request-id'] = requestId;
    let response: Response;
    try {
      response = await doFetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
    } catch (error) {
      const timedOut = error instanceof Error && error.name === 'TimeoutError';
      throw new PartnerForgeApiError('unavailable', 0, timedOut ? 'The PartnerForge service did not answer in time' : 'The PartnerForge service cannot be reached');
    }
    const json: unknown = await response.json().catch(() => undefined);
    if (!response.ok) {
      const parsed = ErrorBodySchema.safeParse(json);
      if (parsed.success) throw new PartnerForgeApiError(parsed.data.error.code, response.status, parsed.data.error.message, parsed.data.error.details);
      throw new PartnerForgeApiError(response.status >= 500 ? 'unavailable' : 'bad_request', response.status, `The service answered ${response.status}`);
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) throw new PartnerForgeApiError('internal', response.status, 'The service answered in an unexpected shape');
    return parsed.data;
  }

  return {
    me: () => call(MeSchema, 'GET', '/v1/me'),
    getIntel: (domain, acting) => call(IntelSchema, 'GET', `/v1/intel/${encodeURIComponent(domain)}`, undefined, acting),
    getIntelByLinkedIn: (slug) => call(IntelSchema, 'GET', `/v1/intel/by-linkedin/${encodeURIComponent(slug)}`),
    requestEnrichment: (request, acting) => call(EnrichmentAcceptedSchema, 'POST', '/v1/enrichments', request, acting),
    requestEnrichments: (request, acting) => call(EnrichmentBatchAcceptedSchema, 'POST', '/v1/enrichments/batch', request, acting),
    getEnrichment: (jobId) => call(EnrichmentJobSchema, 'GET', `/v1/enrichments/${encodeURIComponent(jobId)}`),
    lookupUser: (email) => call(UserLookupSchema, 'GET', `/v1/users/lookup?email=${encodeURIComponent(email)}`),
  };
}
