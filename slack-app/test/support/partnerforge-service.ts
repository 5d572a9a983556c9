import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Role } from '@partnerforge/shared/schemas';

/**
 * The real integration service as a separate process (`pf serve` on the embedded default:
 * PGlite in a temp dir, jobs in-process), set up the way an operator would with the `pf` CLI.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const pfEntry = 'integration-service/src/cli/pf.ts';

export interface ServiceUser {
  email: string;
  role: Role;
  team?: string;
}

export interface PartnerForgeService {
  baseUrl: string;
  /** A key of the first (admin) user: the Slack app's PF_SERVICE_API_KEY. */
  serviceKey: string;
  /** The service's JSON log lines so far. */
  logs: Array<Record<string, unknown>>;
  stop(): Promise<void>;
}

function spawnPf(args: string[], env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', pfEntry, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
  });
}

async function runPf(args: string[], env: Record<string, string>): Promise<string> {
  const child = spawnPf(args, env);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new Error(`pf ${args.join(' ')} exited with ${code}: ${stderr}`);
  return stdout;
}

/**
 * Adds `users` (the first must be an admin), creates the admin's key, then starts the service
 * and resolves once it listens. PGlite allows one process at a time, so the CLI runs first.
 */
export async function startPartnerForgeService(users: ServiceUser[], extraEnv: Record<string, string> = {}): Promise<PartnerForgeService> {
  const admin = users[0];
  if (admin?.role !== 'admin') throw new Error('the first user must be the admin the Slack app acts as');
  const dataDir = await mkdtemp(path.join(tmpdir(), 'pf-slack-test-'));
  const env = { PF_DATA_DIR: dataDir, LOG_LEVEL: 'warn', YAHOO_FINANCE_ENABLED: 'false', ...extraEnv };
  for (const user of users) {
    await runPf(['users', 'add', '--email', user.email, '--role', user.role, ...(user.team ? ['--team', user.team] : [])], env);
  }
  const { key } = JSON.parse(await runPf(['keys', 'create', '--email', admin.email, '--json'], env)) as { key: string };

  const child = spawnPf(['serve'], { ...env, PORT: '0', LOG_LEVEL: 'info' });
  const logs: Array<Record<string, unknown>> = [];
  let stderr = '';
  let buffered = '';
  const started = new Promise<number>((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.trim()) continue;
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (entry.msg === 'partnerforge started') resolve(entry.port as number);
      }
    });
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => reject(new Error(`pf serve exited with ${code} before starting: ${stderr}`)));
  });
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const port = await started;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    serviceKey: key,
    logs,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
