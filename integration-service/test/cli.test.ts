import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@partnerforge/migrations/testing';
import { runPf, spawnPf } from './support/run-cli.ts';

describe('pf CLI on PostgreSQL', () => {
  let testDb: Awaited<ReturnType<typeof createTestDatabase>>;
  let env: Record<string, string>;

  beforeAll(async () => {
    testDb = await createTestDatabase('postgres');
    env = { DATABASE_URL: testDb.url as string, LOG_LEVEL: 'warn' };
  });
  afterAll(async () => testDb?.close());

  it('stops on bad configuration, naming the variable and what it expects', async () => {
    const result = await runPf(['migrate'], { ...env, PORT: 'abc', DATABASE_URL: 'mysql://nope' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('PORT: expected a whole number between 0 and 65535');
    expect(result.stderr).toContain('DATABASE_URL: expected a URL starting with postgres://');
  });

  it('migrates, adds a user, creates a key shown once, and revokes it', async () => {
    const migrated = await runPf(['migrate'], env);
    expect(migrated).toMatchObject({ code: 0 });
    expect(migrated.stdout).toContain('Database is up to date');

    const added = await runPf(['users', 'add', '--email', 'Rep@Acme.com', '--role', 'sdr', '--team', 'East'], env);
    expect(added.code).toBe(0);
    expect(added.stdout).toContain('Added rep@acme.com as sdr in team East');
    const duplicate = await runPf(['users', 'add', '--email', 'rep@acme.com', '--role', 'ae'], env);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('already exists');
    const badRole = await runPf(['users', 'add', '--email', 'x@acme.com', '--role', 'boss'], env);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toMatch(/role: .*admin/);

    const created = await runPf(['keys', 'create', '--email', 'rep@acme.com', '--json'], env);
    expect(created.code).toBe(0);
    const { key, prefix } = JSON.parse(created.stdout) as { key: string; prefix: string };
    expect(key).toMatch(/^pf_[a-z2-9]{8}_[\w-]{43}$/);
    const row = await testDb.db.selectFrom('api_keys').selectAll().where('prefix', '=', prefix).executeTakeFirstOrThrow();
    expect(row.key_hash).not.toContain(key.slice(12));

    expect((await runPf(['keys', 'revoke', prefix], env)).code).toBe(0);
    const revoked = await testDb.db.selectFrom('api_keys').select('revoked_at').where('prefix', '=', prefix).executeTakeFirstOrThrow();
    expect(revoked.revoked_at).toBeInstanceOf(Date);
    const again = await runPf(['keys', 'revoke', prefix], env);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('No active API key');
  }, 120_000);

  it('explains wrong usage with exit code 2', async () => {
    const result = await runPf(['keys', 'mint'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Unknown keys command');
    expect(result.stderr).toContain('pf keys create');
  });
});

describe('pf serve on the embedded default', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(tmpdir(), 'pf-serve-'));
  });
  afterAll(async () => rm(dataDir, { recursive: true, force: true }));

  it('starts with no configuration, answers /health, and shuts down cleanly on SIGTERM, also when a second signal follows', async () => {
    const child = spawnPf(['serve'], { PF_DATA_DIR: dataDir, PORT: '0' });
    const lines: Array<Record<string, unknown>> = [];
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      buffered += chunk;
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const part of parts) if (part.trim()) lines.push(JSON.parse(part) as Record<string, unknown>);
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));

    await expect.poll(() => lines.find((l) => l.msg === 'partnerforge started'), { timeout: 100_000, interval: 200 }).toBeTruthy();
    const started = lines.find((l) => l.msg === 'partnerforge started') as { port: number; database: string; jobs: string };
    expect(started).toMatchObject({ database: 'pglite', jobs: 'in-process' });
    const health = await fetch(`http://127.0.0.1:${started.port}/health`);
    expect(health.status).toBe(200);

    // A supervisor's SIGTERM and a Ctrl-C reaching the process group: the second must not kill
    // the process by the default action (a normal exit is what writes a --cpu-prof profile).
    child.kill('SIGTERM');
    await expect.poll(() => lines.some((l) => l.msg === 'shutting down'), { timeout: 10_000, interval: 20 }).toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['signal received', 'shutting down', 'shut down cleanly']));
  }, 120_000);
});

describe('pf on a fresh embedded database', () => {
  it('adds a user before the service ever ran, applying migrations first', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'pf-cli-'));
    try {
      const added = await runPf(['users', 'add', '--email', 'first@acme.com', '--role', 'admin'], { PF_DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
      expect(added.stderr).toBe('');
      expect(added).toMatchObject({ code: 0 });
      const status = await runPf(['migrate', '--status'], { PF_DATA_DIR: dataDir });
      expect(status.stdout).not.toContain('pending');
      expect(status.stdout).toContain('applied  202611220900_identity');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
