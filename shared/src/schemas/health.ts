import { z } from 'zod';

/** One dependency check, as `/ready` reports it. */
export const HealthCheckSchema = z.union([
  z.object({ status: z.literal('ok') }),
  z.object({ status: z.literal('down'), error: z.string() }),
  z.object({ status: z.literal('not_configured') }),
]);
export type HealthCheck = z.infer<typeof HealthCheckSchema>;

export const CircuitStateSchema = z.enum(['closed', 'open', 'half-open']);
export type CircuitStateName = z.infer<typeof CircuitStateSchema>;

/** Why a circuit last opened: the provider error's code and message, never a payload. */
export const CircuitFailureSchema = z.object({
  reason: z.string(),
  code: z.string().nullable(),
  at: z.string(),
});

/** One process's breaker of one provider, as it last published it. */
export const CircuitReportSchema = z.object({
  /** `host:pid` of the process whose breaker this is. */
  processId: z.string(),
  state: CircuitStateSchema,
  /** When the breaker entered this state (ISO 8601); null: closed since that process started. */
  since: z.string().nullable(),
  lastFailure: CircuitFailureSchema.nullable(),
  /** When the process last wrote (or refreshed) this report. */
  reportedAt: z.string(),
});

export const ProviderHealthSchema = z.object({
  provider: z.string(),
  /** Whether the provider is on: a key is set (BuiltWith, SimilarWeb) or it is enabled. */
  configured: z.boolean(),
  /** What turns it on when it is off (a variable name, never its value). */
  setting: z.string().nullable(),
  /** Calls per second shared by every worker. */
  rateLimitPerSecond: z.number(),
  circuit: z.object({
    /** The worst state over all processes that report one (open > half-open > closed). */
    state: CircuitStateSchema,
    since: z.string().nullable(),
    lastFailure: CircuitFailureSchema.nullable(),
    processes: z.array(CircuitReportSchema),
  }),
});
export type ProviderHealth = z.infer<typeof ProviderHealthSchema>;

/** A part of the answer that could not be read (its source is down). */
const Unavailable = z.object({ status: z.literal('down'), error: z.string() });

export const SalesforceHealthSchema = z.object({
  configured: z.boolean(),
  /** The authentication flow in use (`access_token`, `jwt`, …), or `off`. */
  auth: z.string(),
  /** The last Sforce-Limit-Info reading of any process; null before the first call. */
  apiUsage: z
    .object({
      used: z.number(),
      max: z.number(),
      /** used / max, 0–1. */
      share: z.number(),
      observedAt: z.string(),
    })
    .nullable(),
  /** Non-urgent sync pauses at this share of the daily allocation. */
  pauseAtShare: z.number(),
  sync: z.object({
    paused: z.boolean(),
    reason: z.enum(['threshold', 'request_limit_exceeded']).nullable(),
    pausedUntil: z.string().nullable(),
  }),
  lastPullAt: z.string().nullable(),
  lastPushAt: z.string().nullable(),
});
export type SalesforceHealth = z.infer<typeof SalesforceHealthSchema>;

export const QueueCountsSchema = z.object({ waiting: z.number(), active: z.number(), delayed: z.number(), failed: z.number() });

/** `GET /health/detailed`: what an operator checks first. Each part degrades on its own. */
export const DetailedHealthSchema = z.object({
  /** `ok`, or `degraded` when a check is down or a part could not be read. */
  status: z.enum(['ok', 'degraded']),
  checkedAt: z.string(),
  startedAt: z.string(),
  uptimeSeconds: z.number(),
  mode: z.object({ database: z.enum(['postgres', 'pglite']), jobs: z.enum(['in-process', 'bullmq']), role: z.string() }),
  checks: z.object({ database: HealthCheckSchema, redis: HealthCheckSchema }),
  /** Where the circuit states come from: Redis (every process publishes) or this process alone. */
  circuitsSource: z.enum(['redis', 'process']),
  providers: z.union([z.array(ProviderHealthSchema), Unavailable]),
  salesforce: z.union([SalesforceHealthSchema, Unavailable]),
  queue: z.union([z.object({ status: z.literal('ok'), counts: z.record(z.string(), QueueCountsSchema) }), Unavailable]),
});
export type DetailedHealth = z.infer<typeof DetailedHealthSchema>;
