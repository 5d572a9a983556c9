import { execFileSync } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';

/**
 * Peak resident set size of a live process, in bytes: `VmHWM` of /proc/<pid>/status, the
 * kernel's own high-water mark, so no sampling can miss a short spike. Linux only.
 */
export function readPeakRssBytes(pid: number): Promise<number> {
  return readStatusKb(pid, 'VmHWM');
}

/** Resident set size of a live process now, in bytes (`VmRSS`). */
export function readRssBytes(pid: number): Promise<number> {
  return readStatusKb(pid, 'VmRSS');
}

async function readStatusKb(pid: number, field: string): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(status);
  if (!match) throw new Error(`/proc/${pid}/status has no ${field} line`);
  return Number(match[1]) * 1024;
}

let clockTicks: number | undefined;

/**
 * CPU time a live process has used so far (user + system, all its threads), in seconds, from
 * /proc/<pid>/stat. Read it before and after a phase: the difference over the phase's wall time
 * says whether the process was busy (near 1.0: its one JavaScript thread was the bottleneck).
 */
export async function readCpuSeconds(pid: number): Promise<number> {
  return readStatCpuSeconds(`/proc/${pid}/stat`);
}

/**
 * CPU time of a process's main thread alone (its thread id is its pid), in seconds. For node
 * that is the JavaScript thread: the rest is V8's garbage-collection helpers and libuv's pool.
 */
export function readMainThreadCpuSeconds(pid: number): Promise<number> {
  return readStatCpuSeconds(`/proc/${pid}/task/${pid}/stat`);
}

async function readStatCpuSeconds(path: string): Promise<number> {
  const stat = await readFile(path, 'utf8');
  // The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return ticks / clockTicks;
}

/** Cumulative CPU time of the whole machine from /proc/stat, in clock ticks: busy and total. */
export interface MachineCpu {
  busy: number;
  total: number;
}

export async function readMachineCpu(): Promise<MachineCpu> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n', 1)[0] ?? '';
  // cpu  user nice system idle iowait irq softirq steal …
  const ticks = line.trim().split(/\s+/).slice(1).map(Number);
  const total = ticks.slice(0, 8).reduce((sum, t) => sum + t, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0);
  return { busy: total - idle, total };
}

/** Cores the machine kept busy between two readings (all processes, ours and everyone else's). */
export function busyCores(before: MachineCpu, after: MachineCpu, cores: number): number {
  const total = after.total - before.total;
  return total > 0 ? ((after.busy - before.busy) / total) * cores : 0;
}

/**
 * Local processes whose command line contains `text`. PostgreSQL backends retitle themselves
 * `postgres: <user> <database> <client> <state>`, so this finds the ones serving one database
 * (when the server runs on this machine; otherwise none are found).
 */
export async function findProcessesByCommandLine(text: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const commandLine = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (commandLine.includes(text)) pids.push(Number(entry));
  }
  return pids;
}

/** {@link readCpuSeconds} of each process still alive, by pid. */
export async function readCpuSecondsByPid(pids: readonly number[]): Promise<Map<number, number>> {
  const entries = await Promise.all(pids.map(async (pid) => [pid, await readCpuSeconds(pid).catch(() => undefined)] as const));
  return new Map(entries.filter((entry): entry is readonly [number, number] => entry[1] !== undefined));
}
