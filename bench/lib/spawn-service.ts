import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { open } from 'node:fs/promises';
import { setTimeout as delay } from 'node:timers/promises';
import { PF_BUILD_SCRIPT, PF_CLI, REPO_ROOT } from './repo-paths.ts';

/** A running `pf serve --role …` process. */
export interface ServiceProcess {
  readonly role: string;
  /** The node process itself (`node dist/pf.js`: no launcher in between). */
  readonly pid: number;
  /** The bound HTTP port (api role only). */
  readonly port: number | undefined;
  /** Where its stdout and stderr go. */
  readonly logFile: string;
  /** Rejects if the process exits before `stop()` was called; race it against a phase to fail early. */
  readonly unexpectedExit: Promise<never>;
  /**
   * SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone with how it ended
   * (`code 0`, `SIGKILL`, …). Idempotent.
   */
  stop(graceMs?: number): Promise<string>;
}

export interface StartServiceOptions {
  role: 'api' | 'worker';
  /** The complete environment of the process (nothing is inherited, so stray PF_* settings cannot leak in). */
  env: Record<string, string>;
  /** File its output is appended to. */
  logFile: string;
  /** Extra node flags, e.g. `--cpu-prof` (default none). */
  nodeArgs?: string[];
  /** How long to wait for the "partnerforge started" log line, ms. Default 60 000. */
  readyTimeoutMs?: number;
}

/**
 * The node flags a role is deployed with: what `docker-compose.yml` puts between `node` and the
 * CLI in that service's `command` (e.g. the worker's heap limit), so the bench starts each
 * process exactly as it runs in production. Throws when the file no longer has that shape.
 */
export function deployedNodeFlags(role: 'api' | 'worker'): string[] {
  const compose = readFileSync(path.join(REPO_ROOT, 'docker-compose.yml'), 'utf8');
  const block = compose.split(/\n(?=  [\w-]+:\n)/).find((part) => part.startsWith(`  ${role}:\n`));
  const command = block?.match(/^\s+command: (\[.*\])$/m)?.[1];
  if (command === undefined) throw new Error(`docker-compose.yml has no command for the ${role} service`);
  const argv = JSON.parse(command) as string[];
  const cli = argv.indexOf(PF_CLI);
  if (argv[0] !== 'node' || cli < 0) throw new Error(`docker-compose.yml's ${role} command does not run node ${PF_CLI}: ${command}`);
  return argv.slice(1, cli);
}

/**
 * Builds the service from the current sources the way `pnpm start` does before it starts, so a
 * run never measures a stale dist/. Throws with the build's output when it fails.
 */
export async function buildService(): Promise<void> {
  const child = spawn(process.execPath, [PF_BUILD_SCRIPT], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const code = await new Promise<number | null>((resolve, reject) => child.once('error', reject).once('exit', resolve));
  if (code !== 0) throw new Error(`building the service failed (exit ${code}): ${output.trim()}`);
}

/**
 * Starts the service the way an operator does (`node integration-service/dist/pf.js serve --role R`,
 * from the repository root, built by {@link buildService}) and resolves once its "partnerforge started" log line says it is up, with the
 * port it bound (PORT=0 picks a free one). Output goes straight to a file, not through a pipe the
 * bench would have to drain: with LOG_LEVEL=info the api writes a line per request, and parsing
 * those in the bench would steal CPU from the load generator during the api run only.
 */
export async function startService(options: StartServiceOptions): Promise<ServiceProcess> {
  const fd = openSync(options.logFile, 'a');
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), PF_CLI, 'serve', '--role', options.role], {
    cwd: REPO_ROOT,
    env: options.env,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  let stopping = false;
  const exited = new Promise<string>((resolve) => child.once('exit', (code, signal) => resolve(signal ?? `code ${code}`)));
  const unexpectedExit = new Promise<never>((_resolve, reject) => {
    child.once('exit', (code, signal) => {
      if (!stopping) reject(new Error(`the ${options.role} process exited (${signal ?? `code ${code}`}); its log: ${options.logFile}`));
    });
  });
  // Observed by whoever races it; never an unhandled rejection on its own.
  unexpectedExit.catch(() => undefined);

  const stop = async (graceMs = 15_000) => {
    stopping = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(killer);
    }
    return exited;
  };
  try {
    const port = await Promise.race([waitForStartLine(options.logFile, options.readyTimeoutMs ?? 60_000, options.role), unexpectedExit]);
    if (child.pid === undefined) throw new Error(`the ${options.role} process has no pid`);
    return { role: options.role, pid: child.pid, port, logFile: options.logFile, unexpectedExit, stop };
  } catch (error) {
    await stop(2_000);
    throw error;
  }
}

/** Polls the log file for the start line; returns the port it names. */
async function waitForStartLine(logFile: string, timeoutMs: number, role: string): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  const file = await open(logFile, 'r');
  try {
    let offset = 0;
    let pending = '';
    while (Date.now() < deadline) {
      const { buffer, bytesRead } = await file.read({ buffer: Buffer.alloc(64 * 1024), position: offset });
      offset += bytesRead;
      const lines = (pending + buffer.subarray(0, bytesRead).toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      const startLine = lines.find((line) => line.includes('"partnerforge started"'));
      if (startLine) return (JSON.parse(startLine) as { port?: number }).port;
      if (bytesRead === 0) await delay(100);
    }
  } finally {
    await file.close();
  }
  throw new Error(`the ${role} process did not start within ${timeoutMs} ms; its log: ${logFile}`);
}

/**
 * Runs a one-shot `pf` command (users add, keys create) with the same environment and returns
 * its stdout; a non-zero exit throws with its stderr.
 */
export async function runPfCommand(args: string[], env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, [PF_CLI, ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve, reject) => child.once('error', reject).once('exit', resolve));
  if (code !== 0) throw new Error(`pf ${args.slice(0, 2).join(' ')} exited ${code}: ${stderr.trim() || stdout.trim()}`);
  return stdout;
}
