import { parseArgs } from 'node:util';

/** What one `bench/enrich` run does; every value has a flag of the same name (kebab-case). */
export interface BenchOptions {
  /** Distinct registrable domains enriched (bench-0001.com …). Default 1000. */
  readonly domains: number;
  /** Calls per second allowed to BuiltWith and to SimilarWeb (PF_PROVIDER_RATE_LIMITS). Default 50. */
  readonly rate: number;
  /** Fixed answer latency of the BuiltWith and SimilarWeb stand-ins, ms. Default 40. */
  readonly latencyMs: number;
  /**
   * PF_WORKER_CONCURRENCY of the one worker process. Default 40: at ~47 calls/s and ~0.3–0.5 s per
   * uncontended job, ~20 jobs in flight keep the limiter busy (Little's law) once the worker is
   * warm; in its first seconds a job takes 1–1.5 s, and with 25 the limiter went idle then (25–35
   * calls in each of the first two seconds, 37–43 with 40). Jobs waiting for a slot cost no CPU.
   * Far more only queues queries on the 10-connection pool (50–100 made pool waits time out).
   */
  readonly workerConcurrency: number;
  /**
   * Worker processes (scale-out mode's unit of growth), each with PF_WORKER_CONCURRENCY. Default
   * 1: on a 2-core machine a second worker only saturates the machine (wall time unchanged); on
   * a bigger one it is the way past one event loop's ~30 ms of CPU per job.
   */
  readonly workers: number;
  /** DATABASE_POOL_MAX of each service process; undefined keeps the service's default (10). */
  readonly dbPoolMax: number | undefined;
  /**
   * How the domains are submitted: `batch` = `POST /v1/enrichments/batch` with `batchSize`
   * domains each; `single` = one `POST /v1/enrichments` per domain (what the api costs without
   * the batch endpoint). Default batch.
   */
  readonly submit: 'batch' | 'single';
  /** Domains per `POST /v1/enrichments/batch` with `--submit batch` (at most 500). Default 200. */
  readonly batchSize: number;
  /** Enrichment POSTs (single or batch) the bench keeps in flight. Default 16. */
  readonly postConcurrency: number;
  /** Measured duration of each load run, s. Default 10. */
  readonly duration: number;
  /** Unmeasured warm-up before each load run (JIT, pools, caches), s. Default 2. */
  readonly warmup: number;
  /** Connections autocannon keeps open in each load run. Default 20. */
  readonly connections: number;
  /** Keep the services' logs even when the run did not break (they are kept when it did). */
  readonly keepLogs: boolean;
  /** Write V8 CPU profiles of the api and worker (`--cpu-prof`) next to their logs; implies keepLogs. */
  readonly profile: boolean;
}

const DEFAULTS: BenchOptions = {
  domains: 1000,
  rate: 50,
  latencyMs: 40,
  workerConcurrency: 40,
  workers: 1,
  dbPoolMax: undefined,
  submit: 'batch',
  batchSize: 200,
  postConcurrency: 16,
  duration: 10,
  warmup: 2,
  connections: 20,
  keepLogs: false,
  profile: false,
};

export const benchUsage = `Usage: tsx enrich.ts [--domains ${DEFAULTS.domains}] [--rate ${DEFAULTS.rate}] [--latency-ms ${DEFAULTS.latencyMs}] \
[--worker-concurrency ${DEFAULTS.workerConcurrency}] [--workers ${DEFAULTS.workers}] [--db-pool-max N] [--submit batch|single] [--batch-size ${DEFAULTS.batchSize}] [--post-concurrency ${DEFAULTS.postConcurrency}] [--duration ${DEFAULTS.duration}] \
[--warmup ${DEFAULTS.warmup}] [--connections ${DEFAULTS.connections}] [--keep-logs] [--profile]`;

/** Parses the command line; throws with the usage on anything unknown or out of range. */
export function parseBenchOptions(argv: string[]): BenchOptions {
  const text = { type: 'string' } as const;
  const { values } = parseArgs({
    args: argv,
    options: {
      domains: text,
      rate: text,
      'latency-ms': text,
      'worker-concurrency': text,
      workers: text,
      'db-pool-max': text,
      submit: text,
      'batch-size': text,
      'post-concurrency': text,
      duration: text,
      warmup: text,
      connections: text,
      'keep-logs': { type: 'boolean' },
      profile: { type: 'boolean' },
    },
  });
  const submit = values.submit ?? DEFAULTS.submit;
  if (submit !== 'batch' && submit !== 'single') throw new Error(`--submit expects batch or single, got "${submit}"\n${benchUsage}`);
  const number = (flag: Exclude<keyof typeof values, 'keep-logs' | 'profile' | 'submit'>, fallback: number, min: number, max: number): number => {
    const raw = values[flag];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) throw new Error(`--${flag} expects a number from ${min} to ${max}, got "${String(raw)}"\n${benchUsage}`);
    return value;
  };
  return Object.freeze({
    // Above ~1200 domains the PF_HTTP_RESOLVE pins outgrow one environment string (128 KiB on Linux).
    domains: Math.round(number('domains', DEFAULTS.domains, 1, 1200)),
    rate: number('rate', DEFAULTS.rate, 1, 1000),
    latencyMs: number('latency-ms', DEFAULTS.latencyMs, 0, 5000),
    workerConcurrency: Math.round(number('worker-concurrency', DEFAULTS.workerConcurrency, 1, 256)),
    workers: Math.round(number('workers', DEFAULTS.workers, 1, 8)),
    dbPoolMax: values['db-pool-max'] === undefined ? undefined : Math.round(number('db-pool-max', 10, 1, 200)),
    submit,
    batchSize: Math.round(number('batch-size', DEFAULTS.batchSize, 1, 500)),
    postConcurrency: Math.round(number('post-concurrency', DEFAULTS.postConcurrency, 1, 256)),
    duration: number('duration', DEFAULTS.duration, 1, 600),
    warmup: number('warmup', DEFAULTS.warmup, 0, 60),
    connections: Math.round(number('connections', DEFAULTS.connections, 1, 1000)),
    keepLogs: values['keep-logs'] === true || values.profile === true,
    profile: values.profile === true,
  });
}
