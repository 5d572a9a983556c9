import type { CallLog } from '../stand-ins/call-log.ts';
import type { EnrichmentPhaseResult } from './enrich-phase.ts';
import type { EnrichmentCpu } from './enrichment-cpu.ts';
import type { LoadResult } from './load.ts';
import type { BenchOptions } from './options.ts';
import type { Percentiles } from './percentiles.ts';

/** Everything one run measured, as the figures are computed from it. */
export interface BenchMeasurements {
  options: BenchOptions;
  enrichment: EnrichmentPhaseResult;
  /** The paid providers' call logs, each with the rate the service was configured to keep. */
  providers: ReadonlyArray<{ calls: CallLog; ratePerSecond: number }>;
  /** Homepage requests the site stand-in answered. */
  website: CallLog;
  peakWorkerRssBytes: number;
  /** The worker's RSS once started, before the first job: what it costs before doing anything. */
  idleWorkerRssBytes: number;
  /** Where the enrichment phase's CPU went. */
  enrichmentCpu: EnrichmentCpu;
  load?: { api: LoadResult; bare: LoadResult };
}

/** One printed figure; `pass` is absent for figures without a goal. */
export interface Figure {
  key: string;
  label: string;
  value: number;
  unit: string;
  digits: number;
  goal?: string;
  pass?: boolean;
}

const MB = 1024 * 1024;
/** Enrichment modules each paid provider serves (tech.builtwith, traffic.similarweb). */
const MODULES_PER_PROVIDER = 1;

/** Turns the measurements into figures, each with its goal from the enrichment issue. */
export function buildFigures(m: BenchMeasurements): Figure[] {
  const domains = m.options.domains;
  const figures: Figure[] = [];
  const add = (figure: Figure) => figures.push(figure);

  const wallS = m.enrichment.wallMs / 1000;
  // However the service schedules its work, n calls at r calls/s cannot take less than n / r.
  const lowerBoundS = Math.max(...m.providers.map((p) => p.calls.totalCalls / p.ratePerSecond));
  add({ key: 'enrich_wall_s', label: 'enrichment wall time (first POST → last job done)', value: wallS, unit: 's', digits: 2 });
  add({ key: 'rate_limit_lower_bound_s', label: 'rate-limit lower bound (max calls / rate)', value: lowerBoundS, unit: 's', digits: 2 });
  const ratio = wallS / lowerBoundS;
  add({ key: 'wall_to_bound_ratio', label: 'wall time / lower bound', value: ratio, unit: '', digits: 3, goal: '≤ 1.15', pass: ratio <= 1.15 });

  for (const { calls, ratePerSecond } of m.providers) {
    const perDomainModule = calls.totalCalls / (domains * MODULES_PER_PROVIDER);
    // Exactly once each, not merely the right total: a duplicate must not hide behind a miss.
    const exact = calls.callsByDomain.size === domains && [...calls.callsByDomain.values()].every((n) => n === MODULES_PER_PROVIDER);
    add({ key: `calls_per_domain_module_${calls.name}`, label: `${calls.name} calls per domain-module`, value: perDomainModule, unit: '', digits: 3, goal: '= 1.0 (each exactly once)', pass: exact });
    const densest = calls.densestWindow(1000);
    add({
      key: `max_calls_in_1s_${calls.name}`,
      label: `${calls.name} most calls in any 1 s (from ${densest.startS.toFixed(1)} s)`,
      value: densest.calls,
      unit: '',
      digits: 0,
      goal: `≤ ${ratePerSecond}`,
      pass: densest.calls <= ratePerSecond,
    });
  }
  const fetchesPerDomain = m.website.totalCalls / domains;
  const oneFetchEach = m.website.callsByDomain.size === domains && [...m.website.callsByDomain.values()].every((n) => n === 1);
  add({ key: 'homepage_fetches_per_domain', label: 'homepage fetches per domain (2 modules share 1)', value: fetchesPerDomain, unit: '', digits: 3, goal: '= 1.0 (each exactly once)', pass: oneFetchEach });

  const completed = m.enrichment.outcomes.completed ?? 0;
  add({ key: 'jobs_completed', label: `jobs completed (${describeCounts(m.enrichment.outcomes)})`, value: completed, unit: '', digits: 0, goal: `= ${domains}`, pass: completed === domains });
  const rssMb = m.peakWorkerRssBytes / MB;
  add({ key: 'worker_peak_rss_mb', label: 'peak worker RSS (VmHWM, the largest worker)', value: rssMb, unit: 'MB', digits: 1, goal: '≤ 250', pass: rssMb <= 250 });

  if (m.load) {
    const { api, bare } = m.load;
    add({ key: 'intel_rps', label: 'GET /v1/intel/:domain throughput', value: api.requestsPerSecond, unit: 'req/s', digits: 0 });
    add({ key: 'bare_rps', label: 'bare express JSON throughput', value: bare.requestsPerSecond, unit: 'req/s', digits: 0 });
    const rpsRatio = api.requestsPerSecond / bare.requestsPerSecond;
    add({ key: 'intel_to_bare_rps_ratio', label: 'intel / bare throughput', value: rpsRatio, unit: '', digits: 3, goal: '≥ 0.5', pass: rpsRatio >= 0.5 });
    add({ key: 'intel_p99_ms', label: 'GET /v1/intel/:domain p99 latency', value: api.p99Ms, unit: 'ms', digits: 1, goal: '≤ 25', pass: api.p99Ms <= 25 });
    add({ key: 'intel_p50_ms', label: 'GET /v1/intel/:domain p50 latency', value: api.p50Ms, unit: 'ms', digits: 1 });
    add({ key: 'bare_p99_ms', label: 'bare express p99 latency', value: bare.p99Ms, unit: 'ms', digits: 1 });
  }
  return figures;
}

/** The human-readable block: one aligned line per figure, PASS/MISS where there is a goal. */
export function formatReport(m: BenchMeasurements, figures: readonly Figure[], broken: readonly string[]): string {
  const o = m.options;
  const header = [
    `PartnerForge bench/enrich — ${o.domains} domains; builtwith=similarweb=${o.rate}/s; stand-in latency ${o.latencyMs} ms; ` +
      `${o.workers} worker process${o.workers === 1 ? '' : 'es'} × concurrency ${o.workerConcurrency}; DB pool ${o.dbPoolMax ?? 'default (10)'} per process; load ${o.duration} s per server × ${o.connections} connections, interleaved api/bare/bare/api after ${o.warmup} s warm-up each`,
  ];
  const width = Math.max(...figures.map((f) => f.label.length));
  const lines = figures.map((f) => {
    const value = `${f.value.toFixed(f.digits)}${f.unit ? ` ${f.unit}` : ''}`;
    const verdict = f.pass === undefined ? '' : `${(f.goal ?? '').padEnd(26)}${f.pass ? 'PASS' : 'MISS'}`;
    return `  ${f.label.padEnd(width)}  ${value.padStart(12)}   ${verdict}`.trimEnd();
  });
  const misses = figures.filter((f) => f.pass === false).map((f) => f.key);
  const described = describeDiagnostics(m);
  const labelWidth = Math.max(...described.map(([label]) => label.length));
  const diagnostics = described.map(([label, text]) => `  ${label.padEnd(labelWidth)}  ${text}`.trimEnd());
  const footer = broken.length > 0
    ? [`RUN BROKEN (figures not trustworthy):`, ...broken.map((b) => `  - ${b}`)]
    : [misses.length === 0 ? 'All goals met.' : `Missed: ${misses.join(', ')}`];
  return [...header, ...lines, 'Where the time went (no goals):', ...diagnostics, ...footer].join('\n');
}

/** How the domains were submitted, e.g. "batch: 5 POSTs of ≤ 200 domains" or "single: 1000 POSTs". */
function describeSubmit(options: BenchOptions): string {
  if (options.submit === 'single') return `single: ${options.domains} POSTs`;
  return `batch: ${Math.ceil(options.domains / options.batchSize)} POSTs of ≤ ${options.batchSize} domains`;
}

/** Label and text of each diagnostic line: what limited the figures. */
function describeDiagnostics(m: BenchMeasurements): Array<[string, string]> {
  const { timings } = m.enrichment;
  const cpu = m.enrichmentCpu;
  const db = m.enrichment.databasePerDomain;
  const lines: Array<[string, string]> = [
    ['enrichment CPU: workers / api / PostgreSQL / bench', [cpu.workerCores, cpu.apiCores, cpu.postgresCores, cpu.benchCores].map((c) => c.toFixed(2)).join(' / ') + ' cores'],
    ['  of the workers: the busiest one\'s JavaScript thread', `${cpu.workerMainThreadCores.toFixed(2)} cores`],
    ['  machine busy / of which outside this run', `${cpu.machineBusyCores.toFixed(2)} / ${cpu.othersCores.toFixed(2)} of ${cpu.machineCores} cores`],
    ['worker RSS when idle, before the first job (largest)', `${(m.idleWorkerRssBytes / MB).toFixed(1)} MB`],
    [`submitting every POST (${describeSubmit(m.options)})`, `${(m.enrichment.submitMs / 1000).toFixed(1)} s`],
    ['PostgreSQL per domain: transactions / rows in / rows upd', [db.transactions, db.rowsInserted, db.rowsUpdated].map((n) => n.toFixed(1)).join(' / ')],
    ['first job started / finished (after the first POST)', `${timings.firstJob.startedMs} / ${timings.firstJob.finishedMs} ms`],
    ['job queue wait (POST → started)', ms(timings.queueWait)],
    ['job run (started → finished)', ms(timings.jobRun)],
    ...Object.entries(timings.modules).map(([module, p]): [string, string] => [`  module ${module}`, ms(p)]),
  ];
  if (m.load) {
    const { api, bare } = m.load;
    lines.push(['load CPU: server / PostgreSQL / autocannon / machine / outside', '']);
    lines.push(['  during the intel runs', `${split(api)} cores`]);
    lines.push(['  during the bare express runs', `${split(bare)} cores`]);
    lines.push(['  CPU per request: api + PostgreSQL / bare', `${perRequestMs(api.serverCpuCores + api.helperCpuCores, api.requestsPerSecond)} / ${perRequestMs(bare.serverCpuCores, bare.requestsPerSecond)} ms`]);
  }
  return lines;
}

const outside = (r: LoadResult) => Math.max(0, r.machineBusyCores - r.serverCpuCores - r.helperCpuCores - r.generatorCpuCores);
const split = (r: LoadResult) => [r.serverCpuCores, r.helperCpuCores, r.generatorCpuCores, r.machineBusyCores, outside(r)].map((c) => c.toFixed(2)).join(' / ');
const perRequestMs = (cores: number, rps: number) => (rps > 0 ? ((cores / rps) * 1000).toFixed(2) : 'n/a');
const ms = (p: Percentiles) => `p50 ${p.p50} / p95 ${p.p95} / max ${p.max} ms`;

/** The same result as one JSON line, for scripts and for the README's figures. */
export function formatJsonLine(m: BenchMeasurements, figures: readonly Figure[], broken: readonly string[]): string {
  return JSON.stringify({
    bench: 'enrich',
    at: new Date().toISOString(),
    options: m.options,
    figures: Object.fromEntries(figures.map((f) => [f.key, { value: round(f.value, f.digits + 1), unit: f.unit || undefined, goal: f.goal, pass: f.pass }])),
    outcomes: m.enrichment.outcomes,
    diagnostics: {
      enrichmentCpuCores: Object.fromEntries(Object.entries(m.enrichmentCpu).map(([name, value]) => [name, round(value, 3)])),
      idleWorkerRssMb: round(m.idleWorkerRssBytes / MB, 1),
      timingsMs: m.enrichment.timings,
      databasePerDomain: m.enrichment.databasePerDomain,
      loadCpuCores: m.load
        ? {
            api: round(m.load.api.serverCpuCores, 3),
            apiPostgres: round(m.load.api.helperCpuCores, 3),
            apiMachine: round(m.load.api.machineBusyCores, 3),
            apiGenerator: round(m.load.api.generatorCpuCores, 3),
            bare: round(m.load.bare.serverCpuCores, 3),
            bareMachine: round(m.load.bare.machineBusyCores, 3),
            bareGenerator: round(m.load.bare.generatorCpuCores, 3),
          }
        : undefined,
    },
    misses: figures.filter((f) => f.pass === false).map((f) => f.key),
    broken,
  });
}

const describeCounts = (counts: Record<string, number>) => Object.entries(counts).map(([status, n]) => `${status} ${n}`).join(', ') || 'none';
const round = (value: number, digits: number) => Number(value.toFixed(digits));
