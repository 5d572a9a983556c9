import { availableParallelism } from 'node:os';
import { type MachineCpu, busyCores, readCpuSeconds, readCpuSecondsByPid, readMachineCpu, readMainThreadCpuSeconds } from './proc-status.ts';

/** CPU counters read at the start and at the end of the enrichment phase, s (machine in ticks). */
export interface EnrichmentCpuReading {
  worker: number;
  /** Each worker's main thread, in `workerPids` order. */
  workerMainThreads: number[];
  api: number;
  bench: number;
  backends: Map<number, number>;
  machine: MachineCpu;
}

/**
 * Where the enrichment's CPU went, in cores (1.0 = one core busy for the whole wall time). On a
 * shared machine `othersCores` says how much of it the run did not have: with the machine near
 * its core count and others high, the absolute wall time says more about the neighbours.
 */
export interface EnrichmentCpu {
  /** The worker processes together (each runs its JavaScript on one thread: near 1.0 each is the bottleneck). */
  workerCores: number;
  /**
   * Of that, the busiest worker's main (JavaScript) thread: near 1.0 the event loop is the
   * bottleneck; well below it with the wall time above the bound, the jobs wait on something
   * (the database pool, the concurrency). The rest of `workerCores` is mostly V8's GC helpers.
   */
  workerMainThreadCores: number;
  /** The api process (accepting the POSTs, answering the read-back). */
  apiCores: number;
  /** The PostgreSQL backends serving the scratch database (the api's, the worker's and the bench's). */
  postgresCores: number;
  /** This process: stand-ins, POSTs, polling. */
  benchCores: number;
  /** Everything on the machine, ours and everyone else's. */
  machineBusyCores: number;
  /** Machine minus the above: other people's work, Redis, the kernel's share of ours. */
  othersCores: number;
  machineCores: number;
}

export interface EnrichmentProcesses {
  workerPids: readonly number[];
  apiPid: number;
  /** The PostgreSQL backends of the scratch database, looked up at each reading. */
  backendPids: () => Promise<number[]>;
}

export async function readEnrichmentCpu(processes: EnrichmentProcesses): Promise<EnrichmentCpuReading> {
  const [workers, mainThreads, api, backends, machine] = await Promise.all([
    Promise.all(processes.workerPids.map(readCpuSeconds)),
    Promise.all(processes.workerPids.map(readMainThreadCpuSeconds)),
    readCpuSeconds(processes.apiPid),
    processes.backendPids().then(readCpuSecondsByPid),
    readMachineCpu(),
  ]);
  const own = process.cpuUsage();
  return { worker: workers.reduce((sum, s) => sum + s, 0), workerMainThreads: mainThreads, api, bench: (own.user + own.system) / 1e6, backends, machine };
}

export function describeCpu(before: EnrichmentCpuReading, after: EnrichmentCpuReading, wallSeconds: number): EnrichmentCpu {
  // Backends opened during the phase count in full; any that closed before its end are missed.
  let postgres = 0;
  for (const [pid, seconds] of after.backends) postgres += seconds - (before.backends.get(pid) ?? 0);
  const machineCores = availableParallelism();
  const cores = (seconds: number) => seconds / wallSeconds;
  const ours = {
    workerCores: cores(after.worker - before.worker),
    apiCores: cores(after.api - before.api),
    postgresCores: cores(postgres),
    benchCores: cores(after.bench - before.bench),
  };
  // Not one of `ours` (it is part of workerCores), so not summed below.
  const workerMainThreadCores = Math.max(...after.workerMainThreads.map((seconds, i) => cores(seconds - (before.workerMainThreads[i] ?? 0))));
  const machineBusyCores = busyCores(before.machine, after.machine, machineCores);
  const othersCores = Math.max(0, machineBusyCores - Object.values(ours).reduce((sum, c) => sum + c, 0));
  return { ...ours, workerMainThreadCores, machineBusyCores, othersCores, machineCores };
}
