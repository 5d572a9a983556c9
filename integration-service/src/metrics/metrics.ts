import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Every Prometheus metric of the service, in one registry per process (tests make their own). */
export interface Metrics {
  registry: Registry;
  httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  jobsProcessed: Counter<'job' | 'outcome'>;
  jobDuration: Histogram<'job'>;
  queueDepth: Gauge<'job' | 'state'>;
  /** Provider attempts (each retry counts), by outcome: `success` or a ProviderError code. */
  providerCalls: Counter<'provider' | 'outcome'>;
  /** Time of one provider attempt, rate-limit wait excluded. */
  providerLatency: Histogram<'provider'>;
  /** Circuit breaker state per provider: 0 closed, 1 open, 2 half-open. */
  circuitState: Gauge<'provider'>;
  /** Times a provider's circuit opened. */
  circuitTrips: Counter<'provider'>;
  /** Time spent waiting for a provider's shared rate limit. */
  rateLimitWait: Histogram<'provider'>;
  /** Spend on paid provider calls in USD, by provider and team (`none` without a team). */
  apiCost: Counter<'provider' | 'team'>;
  /** Enrichment jobs finished, by outcome (completed, partial, failed). */
  enrichments: Counter<'status'>;
  /** Module runs by module and status (completed, cached, skipped, failed). */
  moduleExecutions: Counter<'module' | 'status'>;
  /** Duration of one module run that fetched (cached and skipped runs excluded). */
  moduleDuration: Histogram<'module'>;
  /** The org's daily Salesforce API allocation from Sforce-Limit-Info: `used` and `limit`. */
  salesforceApiUsage: Gauge<'measure'>;
  /** 1 while non-urgent Salesforce sync is paused by the API budget. */
  salesforceSyncPaused: Gauge;
  /** Calls this process made to Salesforce, by operation (query, bulk, collections, …). */
  salesforceCalls: Counter<'operation'>;
}

export function createMetrics(options: { collectDefaults?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.collectDefaults ?? true) collectDefaultMetrics({ register: registry, prefix: 'pf_' });
  return {
    registry,
    enrichments: new Counter({
      name: 'pf_enrichment_total',
      help: 'Enrichment jobs finished, by outcome',
      labelNames: ['status'],
      registers: [registry],
    }),
    moduleExecutions: new Counter({
      name: 'pf_module_executions_total',
      help: 'Enrichment module runs, by module and status',
      labelNames: ['module', 'status'],
      registers: [registry],
    }),
    moduleDuration: new Histogram({
      name: 'pf_module_duration_seconds',
      help: 'Time of a module run that fetched data',
      labelNames: ['module'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    httpRequestDuration: new Histogram({
      name: 'pf_http_request_duration_seconds',
      help: 'HTTP request latency, by route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    jobsProcessed: new Counter({
      name: 'pf_jobs_processed_total',
      help: 'Jobs finished, by job name and outcome (completed, failed, retried)',
      labelNames: ['job', 'outcome'],
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: 'pf_job_duration_seconds',
      help: 'Time a job handler ran, by job name',
      labelNames: ['job'],
      buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300],
      registers: [registry],
    }),
    queueDepth: new Gauge({
      name: 'pf_queue_depth',
      help: 'Jobs waiting or running, by job name and state (sampled at scrape time)',
      labelNames: ['job', 'state'],
      registers: [registry],
    }),
    providerCalls: new Counter({
      name: 'pf_api_calls_total',
      help: 'Provider call attempts, by provider and outcome (success or error code)',
      labelNames: ['provider', 'outcome'],
      registers: [registry],
    }),
    providerLatency: new Histogram({
      name: 'pf_api_latency_seconds',
      help: 'Provider call attempt latency, by provider',
      labelNames: ['provider'],
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
      registers: [registry],
    }),
    circuitState: new Gauge({
      name: 'pf_circuit_breaker_state',
      help: 'Circuit breaker state by provider (0=closed, 1=open, 2=half_open)',
      labelNames: ['provider'],
      registers: [registry],
    }),
    circuitTrips: new Counter({
      name: 'pf_circuit_breaker_trips_total',
      help: 'Times a provider circuit breaker opened',
      labelNames: ['provider'],
      registers: [registry],
    }),
    rateLimitWait: new Histogram({
      name: 'pf_rate_limiter_wait_seconds',
      help: 'Time spent waiting for a provider rate limit slot',
      labelNames: ['provider'],
      buckets: [0.01, 0.1, 0.5, 1, 2, 5, 10, 30],
      registers: [registry],
    }),
    salesforceApiUsage: new Gauge({
      name: 'pf_salesforce_api_usage',
      help: "Salesforce org's daily API requests, as last reported by Sforce-Limit-Info (measure: used, limit)",
      labelNames: ['measure'],
      registers: [registry],
    }),
    salesforceSyncPaused: new Gauge({
      name: 'pf_salesforce_sync_paused',
      help: 'Whether non-urgent Salesforce sync is paused by the API budget (1) or not (0)',
      registers: [registry],
    }),
    salesforceCalls: new Counter({
      name: 'pf_salesforce_calls_total',
      help: 'Calls made to the Salesforce API, by operation',
      labelNames: ['operation'],
      registers: [registry],
    }),
    apiCost: new Counter({
      name: 'pf_api_cost_usd_total',
      help: 'Spend on paid provider calls in USD, by provider and team',
      labelNames: ['provider', 'team'],
      registers: [registry],
    }),
  };
}
