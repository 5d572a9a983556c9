import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase } from '@partnerforge/migrations/testing';
import { loadConfig, type Config } from '../../src/config/config.ts';
import { startService, type RunningService } from '../../src/main.ts';
import type { CreateRuntimeOptions } from '../../src/runtime/runtime.ts';
import { createCapturedLogger } from './log-capture.ts';
import { TEST_REDIS_URL, randomPrefix } from './test-env.ts';

export interface TestService {
  service: RunningService;
  config: Config;
  baseUrl: string;
  logs: ReturnType<typeof createCapturedLogger>;
  stop(): Promise<void>;
}

export interface TestServiceOptions {
  /** `postgres`: a fresh database on the test server; `pglite`: the embedded default in a temp dir. */
  database: 'postgres' | 'pglite';
  /** Use BullMQ on the test Redis (with a random prefix) instead of the in-process queue. */
  redis: boolean;
  env?: Record<string, string>;
  /** Dependencies handed to the runtime instead of the production ones (e.g. a recording push). */
  runtime?: CreateRuntimeOptions;
}

/** Starts the real service on a free port, configured the way an operator would. */
export async function startTestService(options: TestServiceOptions): Promise<TestService> {
  const env: Record<string, string> = { PORT: '0', LOG_LEVEL: 'debug', PF_SHUTDOWN_TIMEOUT_MS: '5000', ...options.env };
  let cleanupDatabase: () => Promise<void>;
  if (options.database === 'postgres') {
    const testDb = await createTestDatabase('postgres');
    env.DATABASE_URL = testDb.url as string;
    // The service opens its own pool; ours is only needed to drop the database afterwards.
    cleanupDatabase = () => testDb.close();
  } else {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'pf-data-'));
    env.PF_DATA_DIR = dataDir;
    cleanupDatabase = () => rm(dataDir, { recursive: true, force: true });
  }
  if (options.redis) {
    env.REDIS_URL = TEST_REDIS_URL;
    // A test may name the prefix to make two services one deployment.
    env.PF_REDIS_PREFIX = options.env?.PF_REDIS_PREFIX ?? randomPrefix();
  }
  const config = loadConfig(env);
  const logs = createCapturedLogger();
  const service = await startService(config, logs.logger, config.role, options.runtime);
  return {
    service,
    config,
    logs,
    baseUrl: `http://127.0.0.1:${service.port}`,
    async stop() {
      await service.stop();
      await cleanupDatabase();
    },
  };
}
