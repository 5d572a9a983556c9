import autocannon from 'autocannon';
import { availableParallelism } from 'node:os';
import { busyCores, readCpuSeconds, readCpuSecondsByPid, readMachineCpu } from './proc-status.ts';

/** A server under load. */
export interface LoadTarget {
  /** e.g. http://127.0.0.1:3000 */
  origin: string;
  headers?: Record<string, string>;
  /** Its process, whose CPU time over the measured runs is reported. */
  pid: number;
  /** Processes working for it (its PostgreSQL backends), whose CPU time is reported apart. */
  helperPids?: () => Promise<number[]>;
}

export interface CompareLoadOptions {
  subject: LoadTarget;
  baseline: LoadTarget;
  /** Paths requested in turn (the rotation spreads requests over every enriched domain). */
  paths: readonly string[];
  connections: number;
  /** Measured time per server, s, split into two halves (see {@link compareLoad}). */
  durationS: number;
  /** An unmeasured run of each server first, s (JIT, connection pools, the database's caches); 0 skips it. */
  warmupS: number;
}

export interface LoadResult {
  /** Successful (2xx) responses per second over the measured runs. */
  requestsPerSecond: number;
  /** Request-weighted mean of the halves' medians, ms. */
  p50Ms: number;
  /** The worse of the two halves' p99, ms (autocannon gives percentiles, not mergeable histograms). */
  p99Ms: number;
  maxMs: number;
  requests: number;
  /** Responses other than 2xx, and connection errors or timeouts: any of these voids the run. */
  non2xx: number;
  errors: number;
  /** CPU the server process used per second measured (1.0 = one core busy throughout). */
  serverCpuCores: number;
  /** The same for its helper processes together (0 without any). */
  helperCpuCores: number;
  /** CPU of this process meanwhile: autocannon, the load generator. */
  generatorCpuCores: number;
  /** Cores the whole machine kept busy meanwhile (load generator, server, database, anyone else). */
  machineBusyCores: number;
}

interface Segment {
  result: autocannon.Result;
  cpuSeconds: number;
  helperCpuSeconds: number;
  generatorCpuSeconds: number;
  machineBusyCores: number;
}

/**
 * Measures a subject and its baseline with identical autocannon settings (closed loop:
 * `connections` requests in flight, each sent when the previous one answered), interleaved
 * subject, baseline, baseline, subject. On a shared machine the background load drifts; the
 * ABBA order puts both servers through the same drift, so their ratio is what can be trusted.
 */
export async function compareLoad(options: CompareLoadOptions): Promise<{ subject: LoadResult; baseline: LoadResult }> {
  const { subject, baseline } = options;
  if (options.warmupS > 0) {
    await runAutocannon(options, subject, options.warmupS);
    await runAutocannon(options, baseline, options.warmupS);
  }
  const half = options.durationS / 2;
  const segments = { subject: [] as Segment[], baseline: [] as Segment[] };
  for (const which of ['subject', 'baseline', 'baseline', 'subject'] as const) {
    segments[which].push(await measureSegment(options, options[which], half));
  }
  return { subject: combine(segments.subject), baseline: combine(segments.baseline) };
}

async function measureSegment(options: CompareLoadOptions, target: LoadTarget, durationS: number): Promise<Segment> {
  const helpers = async () => readCpuSecondsByPid((await target.helperPids?.()) ?? []);
  const [before, helpersBefore, machineBefore] = await Promise.all([readCpuSeconds(target.pid), helpers(), readMachineCpu()]);
  const generatorBefore = process.cpuUsage();
  const result = await runAutocannon(options, target, durationS);
  const generator = process.cpuUsage(generatorBefore);
  const [after, helpersAfter, machineAfter] = await Promise.all([readCpuSeconds(target.pid), helpers(), readMachineCpu()]);
  // A helper that started meanwhile counts in full; one that ended meanwhile is lost (a small undercount).
  let helperCpuSeconds = 0;
  for (const [pid, seconds] of helpersAfter) helperCpuSeconds += seconds - (helpersBefore.get(pid) ?? 0);
  return {
    result,
    cpuSeconds: after - before,
    helperCpuSeconds,
    generatorCpuSeconds: (generator.user + generator.system) / 1e6,
    machineBusyCores: busyCores(machineBefore, machineAfter, availableParallelism()),
  };
}

function combine(segments: readonly Segment[]): LoadResult {
  const sum = (pick: (s: Segment) => number) => segments.reduce((total, s) => total + pick(s), 0);
  const duration = sum((s) => s.result.duration);
  const requests = sum((s) => s.result.requests.total);
  return {
    requestsPerSecond: sum((s) => s.result['2xx']) / duration,
    p50Ms: requests > 0 ? sum((s) => s.result.latency.p50 * s.result.requests.total) / requests : 0,
    p99Ms: Math.max(...segments.map((s) => s.result.latency.p99)),
    maxMs: Math.max(...segments.map((s) => s.result.latency.max)),
    requests,
    non2xx: sum((s) => s.result.non2xx),
    errors: sum((s) => s.result.errors),
    serverCpuCores: sum((s) => s.cpuSeconds) / duration,
    helperCpuCores: sum((s) => s.helperCpuSeconds) / duration,
    generatorCpuCores: sum((s) => s.generatorCpuSeconds) / duration,
    machineBusyCores: sum((s) => s.machineBusyCores * s.result.duration) / duration,
  };
}

function runAutocannon(options: CompareLoadOptions, target: LoadTarget, durationS: number): Promise<autocannon.Result> {
  let next = 0;
  const nextPath = () => options.paths[next++ % options.paths.length] as string;
  return autocannon({
    url: target.origin,
    connections: options.connections,
    duration: durationS,
    headers: target.headers,
    requests: [{ method: 'GET', setupRequest: (request) => ({ ...request, path: nextPath() }) }],
  });
}
