import { setTimeout as delay } from 'node:timers/promises';
import type { PartnerForgeClient } from '@partnerforge/shared/client';
import type { EnrichmentAccepted, EnrichmentJob } from '@partnerforge/shared/schemas';
import type { ScratchStores } from './scratch-stores.ts';
import { type Percentiles, summarize } from './percentiles.ts';
import { mapWithConcurrency } from './pool.ts';

export interface EnrichmentPhaseOptions {
  client: PartnerForgeClient;
  /** The scratch database, watched directly so waiting costs the api nothing. */
  db: ScratchStores['db'];
  domains: readonly string[];
  /** One POST per domain, or batches of `batchSize` domains through POST /v1/enrichments/batch. */
  submit: 'batch' | 'single';
  /** Domains per batch POST (with `submit: 'batch'`). */
  batchSize: number;
  /** POSTs (single or batch) in flight at once. */
  postConcurrency: number;
  /** Give up (a broken run) when the jobs have not all finished this long after the first POST, ms. */
  timeoutMs: number;
  /** Promises that reject when a service process dies; the wait stops at once then. */
  failFast: ReadonlyArray<Promise<never>>;
  /** Told the finished and total job counts about every 10 s, so a slow run visibly lives. */
  onProgress?: (finished: number, total: number) => void;
}

export interface EnrichmentPhaseResult {
  /** First POST sent to last job finished (the job rows' `finished_at`), ms. */
  wallMs: number;
  /** Time to get all POSTs accepted, ms. */
  submitMs: number;
  /** Jobs by final status, as `GET /v1/enrichments/:jobId` reports them. */
  outcomes: Record<string, number>;
  /** Per module, how many jobs ended it in each state (completed, skipped, failed, …). */
  moduleStates: Record<string, Record<string, number>>;
  /** POSTs answered `deduplicated: true` (each domain is distinct, so none are expected). */
  deduplicated: number;
  /** Up to 10 module errors, `domain module: code message`. */
  errorSamples: string[];
  /**
   * PostgreSQL work on the scratch database from the first POST to the last job finished, per
   * domain (the POST and its job, every process): transactions (each autocommit statement is
   * one, so this is close to the statement count) and rows written.
   */
  databasePerDomain: { transactions: number; rowsInserted: number; rowsUpdated: number };
  /** Where a job's time went, from the timestamps the service records, ms. */
  timings: {
    /** POST accepted → a worker started the job. */
    queueWait: Percentiles;
    /** Started → finished. */
    jobRun: Percentiles;
    /** Per module that ran: its start → finish (a paid module's wait for its rate-limit slot included). */
    modules: Record<string, Percentiles>;
    /** The first POST → the first job started, and → the first job finished: the run's start-up. */
    firstJob: { startedMs: number; finishedMs: number };
  };
}

/** Submits every domain, one POST each or in batches, and answers one accepted job per domain. */
async function submitDomains(options: EnrichmentPhaseOptions): Promise<EnrichmentAccepted[]> {
  const { client, domains } = options;
  if (options.submit === 'single') return mapWithConcurrency(domains, options.postConcurrency, (domain) => client.requestEnrichment({ domain }));
  const chunks: string[][] = [];
  for (let start = 0; start < domains.length; start += options.batchSize) chunks.push(domains.slice(start, start + options.batchSize));
  const answers = await mapWithConcurrency(chunks, options.postConcurrency, (chunk) => client.requestEnrichments({ domains: chunk }));
  const refused = answers.flatMap((answer) => answer.refused);
  // Every domain is valid and the bench user an admin without a cap: a refusal is a broken run.
  if (refused.length > 0) throw new Error(`the batch endpoint refused ${refused.length} domains, e.g. ${refused.slice(0, 3).map((r) => `${r.input}: ${r.error.code} ${r.error.message}`).join(' | ')}`);
  return answers.flatMap((answer) => answer.accepted);
}

/**
 * Enriches every domain through the public API and waits for all jobs: POST /v1/enrichments
 * (or /v1/enrichments/batch) with bounded concurrency, then watch the job rows until none is queued or running, then read
 * each job back through GET /v1/enrichments/:jobId for the outcome counts.
 */
export async function runEnrichmentPhase(options: EnrichmentPhaseOptions): Promise<EnrichmentPhaseResult> {
  const { client, db, domains } = options;
  const activityBefore = await readDatabaseActivity(db);
  const startedAt = Date.now();
  const accepted = await Promise.race([
    submitDomains(options),
    ...options.failFast,
  ]);
  const submitMs = Date.now() - startedAt;
  await Promise.race([waitForJobs(db, domains.length, startedAt + options.timeoutMs, options.onProgress), ...options.failFast]);

  // Backends report their counters at most once a second; let the last ones land.
  await delay(1500);
  const activityAfter = await readDatabaseActivity(db);
  const perDomain = (field: keyof DatabaseActivity) => (activityAfter[field] - activityBefore[field]) / domains.length;
  const databasePerDomain = { transactions: perDomain('transactions'), rowsInserted: perDomain('rowsInserted'), rowsUpdated: perDomain('rowsUpdated') };

  const last = await db.selectFrom('enrichment_jobs').select((eb) => eb.fn.max('finished_at').as('last')).executeTakeFirstOrThrow();
  const wallMs = (last.last as Date).getTime() - startedAt;

  // Read back after the clock stopped: this is verification, not part of the measured work.
  const jobs = await mapWithConcurrency(accepted, 8, (job) => client.getEnrichment(job.jobId));
  return { wallMs, submitMs, deduplicated: accepted.filter((a) => a.deduplicated).length, databasePerDomain, ...summarizeJobs(jobs, startedAt) };
}

const span = (from: string | null | undefined, to: string | null | undefined) => (from && to ? Date.parse(to) - Date.parse(from) : undefined);

/** Outcome counts, module states, error samples and timings of the finished jobs (`firstPostAt`: epoch ms). */
function summarizeJobs(jobs: readonly EnrichmentJob[], firstPostAt: number): Pick<EnrichmentPhaseResult, 'outcomes' | 'moduleStates' | 'errorSamples' | 'timings'> {
  const outcomes: Record<string, number> = {};
  const moduleStates: Record<string, Record<string, number>> = {};
  const errorSamples: string[] = [];
  const queueWait: number[] = [];
  const jobRun: number[] = [];
  const moduleTimes: Record<string, number[]> = {};
  for (const job of jobs) {
    outcomes[job.status] = (outcomes[job.status] ?? 0) + 1;
    const waited = span(job.createdAt, job.startedAt);
    const ran = span(job.startedAt, job.finishedAt);
    if (waited !== undefined) queueWait.push(waited);
    if (ran !== undefined) jobRun.push(ran);
    for (const [module, run] of Object.entries(job.modules)) {
      const states = (moduleStates[module] ??= {});
      states[run.status] = (states[run.status] ?? 0) + 1;
      const took = span(run.startedAt, run.finishedAt);
      if (took !== undefined) (moduleTimes[module] ??= []).push(took);
      if (run.error && errorSamples.length < 10) errorSamples.push(`${job.domain} ${module}: ${run.error.code} ${run.error.message}`);
    }
  }
  const earliest = (times: Array<string | null | undefined>) => Math.min(...times.map((time) => (time ? Date.parse(time) : Number.POSITIVE_INFINITY))) - firstPostAt;
  const timings = {
    firstJob: { startedMs: earliest(jobs.map((job) => job.startedAt)), finishedMs: earliest(jobs.map((job) => job.finishedAt)) },
    queueWait: summarize(queueWait),
    jobRun: summarize(jobRun),
    modules: Object.fromEntries(Object.entries(moduleTimes).map(([module, times]) => [module, summarize(times)])),
  };
  return { outcomes, moduleStates, errorSamples, timings };
}

interface DatabaseActivity {
  transactions: number;
  rowsInserted: number;
  rowsUpdated: number;
}

/** The scratch database's cumulative counters from pg_stat_database. */
async function readDatabaseActivity(db: ScratchStores['db']): Promise<DatabaseActivity> {
  const stats = await db
    .withTables<{ pg_stat_database: { datname: string; xact_commit: string; xact_rollback: string; tup_inserted: string; tup_updated: string } }>()
    .selectFrom('pg_stat_database')
    .select(['xact_commit', 'xact_rollback', 'tup_inserted', 'tup_updated'])
    .where('datname', '=', (eb) => eb.fn<string>('current_database', []))
    .executeTakeFirstOrThrow();
  return {
    transactions: Number(stats.xact_commit) + Number(stats.xact_rollback),
    rowsInserted: Number(stats.tup_inserted),
    rowsUpdated: Number(stats.tup_updated),
  };
}

/** Polls the job rows until `expected` exist and none is queued or running. */
async function waitForJobs(db: ScratchStores['db'], expected: number, deadline: number, onProgress?: EnrichmentPhaseOptions['onProgress']): Promise<void> {
  let reportAt = Date.now() + 10_000;
  for (;;) {
    const rows = await db.selectFrom('enrichment_jobs').select((eb) => ['status', eb.fn.countAll<string>().as('n')]).groupBy('status').execute();
    const count = (statuses: string[]) => rows.filter((row) => statuses.includes(row.status)).reduce((sum, row) => sum + Number(row.n), 0);
    const total = rows.reduce((sum, row) => sum + Number(row.n), 0);
    if (total >= expected && count(['queued', 'running']) === 0) return;
    if (Date.now() >= reportAt) {
      onProgress?.(total - count(['queued', 'running']), expected);
      reportAt += 10_000;
    }
    if (Date.now() > deadline) {
      throw new Error(`jobs still unfinished at the deadline: ${rows.map((row) => `${row.status}=${row.n}`).join(', ')}`);
    }
    await delay(200);
  }
}
