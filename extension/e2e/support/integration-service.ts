import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EXTENSION_ROOT } from './extension-build.ts';

const REPO_ROOT = path.resolve(EXTENSION_ROOT, '..');
const PF = 'integration-service/src/cli/pf.ts';

/** One JSON log line of the service. */
export interface LogLine {
  msg?: string;
  [field: string]: unknown;
}

export interface RunningIntegrationService {
  baseUrl: string;
  /** A key of the user the extension signs in as. */
  apiKey: string;
  email: string;
  /** Every JSON line the service logged so far. */
  logs: LogLine[];
  stop(): Promise<void>;
}

export interface IntegrationServiceOptions {
  /** PF_HTTP_RESOLVE pins for the prospect sites the website provider reads. */
  httpResolve: string;
  /** Role of the user the extension signs in as. */
  role?: 'admin' | 'manager' | 'ae' | 'sdr' | 'viewer';
}

/** Runs `node --import tsx integration-service/src/cli/pf.ts …` from the repo root, like an operator. */
function spawnPf(args: string[], env: Record<string, string>): ChildProcessWithoutNullStreams {
  // Only what the service needs: PATH and HOME, nothing of ours.
  return spawn(process.execPath, ['--import', 'tsx', PF, ...args], { cwd: REPO_ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } });
}

function runPf(args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawnPf(args, env);
    child.stdin.end();
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`pf ${args.join(' ')} exited ${code}: ${stderr}`))));
  });
}

/**
 * A real integration-service in its embedded mode (PGlite in a temp PF_DATA_DIR, jobs
 * in-process), with a user and key made by `pf users add` and `pf keys create` first (the
 * embedded database has one process at a time), then `pf serve` on a free port.
 */
export async function startIntegrationService(options: IntegrationServiceOptions): Promise<RunningIntegrationService> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'pf-e2e-data-'));
  const email = 'ae@example.com';
  const env: Record<string, string> = {
    PF_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    YAHOO_FINANCE_ENABLED: 'false',
    PF_HTTP_RESOLVE: options.httpResolve,
    PF_PROVIDER_RETRY_BASE_MS: '10',
    PF_PROVIDER_TIMEOUT_MS: '5000',
  };
  await runPf(['users', 'add', '--email', email, '--role', options.role ?? 'ae', '--team', 'West'], env);
  const { key } = JSON.parse(await runPf(['keys', 'create', '--email', email, '--json'], env)) as { key: string };

  const child = spawnPf(['serve'], env);
  child.stdin.end();
  const logs: LogLine[] = [];
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const port = await new Promise<number>((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const text of lines) {
        let line: LogLine;
        try {
          line = JSON.parse(text) as LogLine;
        } catch {
          continue;
        }
        logs.push(line);
        if (line.msg === 'partnerforge started') resolve(Number(line.port));
      }
    });
    child.on('close', (code) => reject(new Error(`pf serve exited ${code} before starting: ${stderr}`)));
  });

  return {
    baseUrl: `http://127.0.0.1:${port}`,
    apiKey: key,
    email,
    logs,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('close', resolve));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
