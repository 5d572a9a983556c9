import { z } from 'zod';

/** Every enrichment module, in the order a card presents them. */
export const MODULE_IDS = [
  'website.fingerprint',
  'company.context',
  'tech.builtwith',
  'traffic.similarweb',
  'financials.yahoo',
  'score',
] as const;
export const ModuleIdSchema = z.enum(MODULE_IDS);
export type ModuleId = z.infer<typeof ModuleIdSchema>;

export const JOB_STATUSES = ['queued', 'running', 'completed', 'partial', 'failed', 'cancelled'] as const;
export type EnrichmentJobStatus = (typeof JOB_STATUSES)[number];

/** How one module fared in one job. `cached`: a fresh snapshot was reused; `skipped`: provider off. */
export const MODULE_RUN_STATUSES = ['pending', 'running', 'completed', 'cached', 'skipped', 'failed'] as const;
export type ModuleRunState = (typeof MODULE_RUN_STATUSES)[number];

export const EnrichmentRequestSchema = z.strictObject({
  domain: z.string().min(1).max(2048).describe('A domain, URL or e-mail address; normalized to the registrable domain'),
  force: z.boolean().optional().describe('Fetch even when a module result is younger than its TTL'),
  modules: z.array(ModuleIdSchema).min(1).optional().describe('Only these modules (and what they depend on)'),
});
export type EnrichmentRequest = z.infer<typeof EnrichmentRequestSchema>;

export const EnrichmentAcceptedSchema = z.object({
  jobId: z.string(),
  domain: z.string(),
  statusUrl: z.string(),
  /** True when an enrichment of this domain was already queued or running and is shared. */
  deduplicated: z.boolean(),
});
export type EnrichmentAccepted = z.infer<typeof EnrichmentAcceptedSchema>;

/** Domains one batch may carry: enough for a territory's list, small enough for one request's work. */
export const ENRICHMENT_BATCH_MAX_DOMAINS = 500;

export const EnrichmentBatchRequestSchema = z.strictObject({
  domains: z
    .array(z.string().min(1).max(2048))
    .min(1)
    .max(ENRICHMENT_BATCH_MAX_DOMAINS)
    .describe(`Domains, URLs or e-mail addresses (1 to ${ENRICHMENT_BATCH_MAX_DOMAINS}); each is normalized to its registrable domain`),
  force: EnrichmentRequestSchema.shape.force,
  modules: EnrichmentRequestSchema.shape.modules,
});
export type EnrichmentBatchRequest = z.infer<typeof EnrichmentBatchRequestSchema>;

/** One input of a batch that was not queued, and why (the code the single POST would answer). */
export const EnrichmentRefusalSchema = z.object({
  input: z.string(),
  error: z.object({ code: z.string(), message: z.string() }),
});
export type EnrichmentRefusal = z.infer<typeof EnrichmentRefusalSchema>;

export const EnrichmentBatchAcceptedSchema = z.object({
  /** One per accepted input, in input order; inputs naming the same domain share its job. */
  accepted: z.array(EnrichmentAcceptedSchema),
  /** One per refused input, in input order. */
  refused: z.array(EnrichmentRefusalSchema),
});
export type EnrichmentBatchAccepted = z.infer<typeof EnrichmentBatchAcceptedSchema>;

export const ModuleRunSchema = z.object({
  status: z.enum(MODULE_RUN_STATUSES),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
  startedAt: z.string().optional(),
  finishedAt: z.string().optional(),
});
export type ModuleRun = z.infer<typeof ModuleRunSchema>;

export const EnrichmentJobSchema = z.object({
  jobId: z.string(),
  domain: z.string(),
  status: z.enum(JOB_STATUSES),
  progress: z.number().int().min(0).max(100),
  trigger: z.string(),
  modules: z.record(z.string(), ModuleRunSchema),
  retryOf: z.string().nullable(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
  intelUrl: z.string(),
});
export type EnrichmentJob = z.infer<typeof EnrichmentJobSchema>;
