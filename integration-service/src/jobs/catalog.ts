import { z } from 'zod';
import { ALERTS_DELIVER_JOB_OPTIONS, AlertDeliveryJobSchema } from '@partnerforge/shared/schemas';
import { AlertsMatchPayloadSchema } from '../alerts/alerts-match-payload.ts';
import { SalesforcePullPayloadSchema, SalesforcePushPayloadSchema, SalesforceRefreshStalePayloadSchema } from '../salesforce/salesforce-job-payloads.ts';

/** How one kind of job is run: its payload schema, attempts and retry backoff. */
export interface JobDefinition<S extends z.ZodType = z.ZodType> {
  payload: S;
  /** Total executions including the first (BullMQ's `attempts`). */
  attempts: number;
  /** First retry delay in ms; doubles on each further retry. */
  backoffMs: number;
  /**
   * Set for a job this service only produces: another app consumes its BullMQ queue (same
   * name, same PF_REDIS_PREFIX), so no worker here takes it. Without Redis it is dropped, and
   * the log says `purpose` needs REDIS_URL.
   */
  consumer?: { app: string; purpose: string };
}

function defineJob<D extends JobDefinition>(definition: D): D {
  return definition;
}

/**
 * Every job PartnerForge runs, by name. Producers and workers both validate payloads with
 * these schemas, whether jobs travel through BullMQ or run in-process.
 */
export const jobCatalog = {
  /** Runs one enrichment job (its row in enrichment_jobs says which domain and modules). */
  'enrich.domain': defineJob({
    payload: z.object({ jobId: z.uuid() }),
    // The orchestrator keeps completed modules, so a re-run after a crash resumes, not restarts.
    attempts: 3,
    backoffMs: 5_000,
  }),
  /** Records when an API key was last used, off the request path. */
  'api-keys.touch': defineJob({
    payload: z.object({ keyId: z.uuid(), usedAt: z.iso.datetime() }),
    attempts: 3,
    backoffMs: 1_000,
  }),
  /** Turns what happened (an enrichment's change events, a budget event) into alerts by the alert rules. */
  'alerts.match': defineJob({
    payload: AlertsMatchPayloadSchema,
    // Matching is idempotent (one alert per change and recipient), so a retry is always safe.
    attempts: 5,
    backoffMs: 2_000,
  }),
  /** Applies the data-retention policy (executives 365 days, hiring signals 90 days unless refreshed); scheduled. */
  'privacy.retention': defineJob({
    payload: z.object({ now: z.iso.datetime().optional() }),
    // Idempotent: what was erased or deleted stays so; a retry only finishes the rest.
    attempts: 3,
    backoffMs: 60_000,
  }),
  /** One alert for Slack: produced here, consumed by the Slack app's delivery worker. */
  'alerts.deliver': defineJob({
    payload: AlertDeliveryJobSchema,
    attempts: ALERTS_DELIVER_JOB_OPTIONS.attempts,
    backoffMs: ALERTS_DELIVER_JOB_OPTIONS.backoffMs,
    consumer: { app: 'slack-app', purpose: 'Slack delivery' },
  }),
  /** Pulls prospect Accounts from Salesforce (incremental by SystemModstamp). */
  'salesforce.pull': defineJob({
    payload: SalesforcePullPayloadSchema,
    // The cursor moves page by page, so a retry goes on from where the last attempt stopped.
    attempts: 3,
    backoffMs: 60_000,
  }),
  /** Writes changed PartnerForge fields to Salesforce Accounts. */
  'salesforce.push': defineJob({
    payload: SalesforcePushPayloadSchema,
    // Only values that differ from the last pushed ones are sent, so a retry never writes twice.
    attempts: 5,
    backoffMs: 30_000,
  }),
  /** Queues enrichment of Salesforce accounts whose intel is older than its TTL. */
  'salesforce.refresh-stale': defineJob({
    payload: SalesforceRefreshStalePayloadSchema,
    attempts: 3,
    backoffMs: 60_000,
  }),
} as const;

export type JobName = keyof typeof jobCatalog;
export type JobPayload<N extends JobName> = z.output<(typeof jobCatalog)[N]['payload']>;
export const JOB_NAMES = Object.keys(jobCatalog) as JobName[];

/** Jobs whose workers run in this service (every job but the produce-only ones). */
export type ConsumedJobName = { [N in JobName]: (typeof jobCatalog)[N] extends { consumer: object } ? never : N }[JobName];
/** The job's consumer when another app consumes it; undefined for jobs run here. */
export function consumerOf(name: JobName): JobDefinition['consumer'] {
  return (jobCatalog[name] as JobDefinition).consumer;
}
export const CONSUMED_JOB_NAMES = JOB_NAMES.filter((name) => consumerOf(name) === undefined) as ConsumedJobName[];
