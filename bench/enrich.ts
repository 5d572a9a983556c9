/**
 * bench/enrich — enriches N domains (default 1,000) through a real api process and real worker
 * processes (default 1, `--workers N`; PostgreSQL + BullMQ on Redis) against local stand-ins for BuiltWith, SimilarWeb and the
 * prospects' sites, then loads GET /v1/intel/:domain next to a bare express endpoint. Prints each
 * figure with its goal; a measurement, not a test: a MISS still exits 0, a broken run exits 1.
 *
 *   pnpm --filter @partnerforge/bench bench:enrich [--domains 1000 --rate 50 …]
 *
 * Results go to stdout (a block, then one `BENCH_RESULT {json}` line); progress goes to stderr.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPartnerForgeClient } from '@partnerforge/shared/client';
import { startBareExpress } from './baseline/start-bare-express.ts';
import { type CleanupStack, createCleanupStack } from './lib/cleanup.ts';
import { runEnrichmentPhase } from './lib/enrich-phase.ts';
import { type LoadResult, compareLoad } from './lib/load.ts';
import { type BenchOptions, parseBenchOptions } from './lib/options.ts';
import { describeCpu, readEnrichmentCpu } from './lib/enrichment-cpu.ts';
import { findProcessesByCommandLine, readPeakRssBytes, readRssBytes } from './lib/proc-status.ts';
import { type BenchMeasurements, buildFigures, formatJsonLine, formatReport } from './lib/report.ts';
import { createScratchStores } from './lib/scratch-stores.ts';
import { serviceEnvironment } from './lib/service-env.ts';
import { type ServiceProcess, buildService, deployedNodeFlags, runPfCommand, startService } from './lib/spawn-service.ts';
import { startSiteStandIn } from './stand-ins/site-stand-in.ts';
import { startVendorStandIns } from './stand-ins/vendor-stand-ins.ts';

const BENCH_USER = 'bench@partnerforge.test';

const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);

/** bench-0001.com …: distinct registrable domains, so single flight never merges two of them. */
const benchDomains = (count: number) => Array.from({ length: count }, (_, i) => `bench-${String(i + 1).padStart(4, '0')}.com`);

/** The largest of the workers' figures: the memory goal is per process. */
const largest = (values: number[]) => Math.max(...values);

/** One full run; pushes what makes it untrustworthy onto `broken`, throws when it cannot go on. */
async function runBench(options: BenchOptions, cleanup: CleanupStack, logDir: string, broken: string[]): Promise<BenchMeasurements> {
  const stores = await createScratchStores();
  cleanup.defer('scratch database and Redis keys', stores.drop);
  say(`scratch database ready; Redis prefix ${stores.redisPrefix}`);

  const domains = benchDomains(options.domains);
  const vendorKeys = { builtwith: randomBytes(12).toString('hex'), similarweb: randomBytes(12).toString('hex') };
  const site = await startSiteStandIn(domains);
  cleanup.defer('site stand-in', site.close);
  const vendors = await startVendorStandIns({ keys: vendorKeys, domains, latencyMs: options.latencyMs });
  cleanup.defer('BuiltWith and SimilarWeb stand-ins', vendors.close);
  const { builtwith, similarweb } = vendors;

  const env = serviceEnvironment({
    options,
    databaseUrl: stores.databaseUrl,
    redisUrl: stores.redisUrl,
    redisPrefix: stores.redisPrefix,
    builtwith: { origin: builtwith.origin, apiKey: vendorKeys.builtwith },
    similarweb: { origin: similarweb.origin, apiKey: vendorKeys.similarweb },
    sitePins: site.pins,
  });
  await buildService();
  await runPfCommand(['users', 'add', '--email', BENCH_USER, '--role', 'admin'], env);
  const { key } = JSON.parse(await runPfCommand(['keys', 'create', '--email', BENCH_USER, '--json'], env)) as { key: string };

  const start = async (role: 'api' | 'worker', name: string = role): Promise<Omit<ServiceProcess, 'stop'> & { stop(): Promise<void> }> => {
    // One folder per process (node writes one profile per thread).
    // As deployed (docker-compose.yml's command: the worker's heap limit), plus the profiler.
    const nodeArgs = [...deployedNodeFlags(role), ...(options.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.join(logDir, `${name}-profiles`)}`] : [])];
    const service = await startService({ role, env, logFile: path.join(logDir, `${name}.log`), nodeArgs });
    let reported = false;
    const stop = async () => {
      const ended = await service.stop();
      // A V8 profile is written only at a normal exit (a process killed by a signal leaves none).
      if (ended !== 'code 0' && !reported) say(`the ${name} process ended with ${ended}${options.profile ? ': its CPU profile is missing' : ''}`);
      reported = true;
    };
    cleanup.defer(`${name} process`, stop);
    return { ...service, stop };
  };
  const [api, ...workers] = await Promise.all([start('api'), ...Array.from({ length: options.workers }, (_, i) => start('worker', `worker-${i + 1}`))]);
  say(`worker pids ${workers.map((w) => w.pid).join(', ')}, api pid ${api.pid} on port ${api.port}; enriching ${domains.length} domains`);

  const origin = `http://127.0.0.1:${api.port}`;
  const client = createPartnerForgeClient({ baseUrl: origin, apiKey: key, timeoutMs: 30_000 });
  const idleWorkerRssBytes = largest(await Promise.all(workers.map((w) => readRssBytes(w.pid))));
  const backendPids = () => findProcessesByCommandLine(` ${stores.databaseName} `);
  const cpuProcesses = { workerPids: workers.map((w) => w.pid), apiPid: api.pid, backendPids };
  const cpuBefore = await readEnrichmentCpu(cpuProcesses);
  const enrichment = await runEnrichmentPhase({
    client,
    db: stores.db,
    domains,
    submit: options.submit,
    batchSize: options.batchSize,
    postConcurrency: options.postConcurrency,
    // Ten times the rate-limit bound plus a minute: far past any plausible MISS, even on a busy
    // shared machine, so only a stall ends here.
    timeoutMs: (domains.length / options.rate) * 10_000 + 60_000,
    failFast: [...workers.map((w) => w.unexpectedExit), api.unexpectedExit],
    onProgress: (finished, total) => say(`${finished}/${total} jobs finished`),
  });
  const enrichmentCpu = describeCpu(cpuBefore, await readEnrichmentCpu(cpuProcesses), enrichment.wallMs / 1000);
  // The goal is per process: the largest peak of any worker.
  const peakWorkerRssBytes = largest(await Promise.all(workers.map((w) => readPeakRssBytes(w.pid))));
  // Their work is done; stopped, they cannot take CPU from the load phase.
  await Promise.all(workers.map((w) => w.stop()));
  say(`enrichment finished in ${(enrichment.wallMs / 1000).toFixed(1)} s; loading GET /v1/intel/:domain`);

  const notCompleted = domains.length - (enrichment.outcomes.completed ?? 0);
  if (notCompleted > 0) broken.push(`${notCompleted} jobs did not complete: ${enrichment.errorSamples.join(' | ') || JSON.stringify(enrichment.outcomes)}`);
  if (enrichment.deduplicated > 0) broken.push(`${enrichment.deduplicated} POSTs joined another job although every domain is distinct`);

  // The baseline answers with a real intel document, so both sides serialize the same JSON.
  const sampleIntel = await client.getIntel(domains[0] as string);
  const bare = await startBareExpress(sampleIntel);
  cleanup.defer('bare express baseline', bare.stop);
  const load = await compareLoad({
    subject: { origin, pid: api.pid, headers: { authorization: `Bearer ${key}` }, helperPids: backendPids },
    baseline: { origin: `http://127.0.0.1:${bare.port}`, pid: bare.pid },
    paths: domains.map((domain) => `/v1/intel/${domain}`),
    connections: options.connections,
    durationS: options.duration,
    warmupS: options.warmup,
  });
  await bare.stop();
  for (const [name, result] of [['intel', load.subject], ['bare express', load.baseline]] as Array<[string, LoadResult]>) {
    if (result.non2xx > 0 || result.errors > 0) broken.push(`${name} load run: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  }

  const vendorCalls = await vendors.report();
  for (const log of [vendorCalls.builtwith, vendorCalls.similarweb, site.calls]) {
    if (log.unexpected.count > 0) broken.push(`the ${log.name} stand-in saw ${log.unexpected.count} unexpected requests: ${log.unexpected.samples.slice(0, 3).join('; ')}`);
  }
  return {
    options,
    enrichment,
    providers: [
      { calls: vendorCalls.builtwith, ratePerSecond: options.rate },
      { calls: vendorCalls.similarweb, ratePerSecond: options.rate },
    ],
    website: site.calls,
    peakWorkerRssBytes,
    idleWorkerRssBytes,
    enrichmentCpu,
    load: { api: load.subject, bare: load.baseline },
  };
}

async function main(): Promise<number> {
  const options = parseBenchOptions(process.argv.slice(2));
  const cleanup = createCleanupStack(say);
  // Ctrl-C or a CI timeout must still drop the database and stop the services.
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = true;
    say(`${signal}: cleaning up`);
    void cleanup.run().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);

  const broken: string[] = [];
  const logDir = await mkdtemp(path.join(tmpdir(), 'pfbench-'));
  // Service logs are evidence when a run breaks; otherwise they go.
  cleanup.defer('service logs', async () => {
    if (broken.length > 0 || options.keepLogs) say(`service logs kept in ${logDir}`);
    else await rm(logDir, { recursive: true, force: true });
  });
  try {
    const measurements = await runBench(options, cleanup, logDir, broken);
    const figures = buildFigures(measurements);
    process.stdout.write(`${formatReport(measurements, figures, broken)}\nBENCH_RESULT ${formatJsonLine(measurements, figures, broken)}\n`);
    return broken.length > 0 ? 1 : 0;
  } catch (error) {
    broken.push(error instanceof Error ? error.message : String(error));
    // Once interrupted, the cleanup pulls resources from under the run: its errors are noise.
    if (!interrupted) process.stderr.write(`bench/enrich could not finish: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  } finally {
    await cleanup.run();
  }
}

process.exit(await main());
