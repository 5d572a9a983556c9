import type { Server } from 'node:http';
import { createApp } from './app.ts';
import type { Config, ServiceRole } from './config/config.ts';
import type { Logger } from './logging/logger.ts';
import { createRuntime, type CreateRuntimeOptions, type Runtime } from './runtime/runtime.ts';
import { startSalesforceSchedules } from './salesforce/salesforce-schedules.ts';

export interface RunningService {
  runtime: Runtime;
  /** The HTTP server when this process serves the API. */
  server?: Server;
  /** The bound port (useful with PORT=0 in tests). */
  port?: number;
  /** Stops taking requests, lets jobs finish (or hands them back), closes pools. Idempotent. */
  stop(): Promise<void>;
}

/** Starts the API and/or the workers of one process, as `role` says. */
export async function startService(config: Config, logger: Logger, role: ServiceRole = config.role, runtimeOptions: CreateRuntimeOptions = {}): Promise<RunningService> {
  const log = logger.child({ component: 'main' });
  const runtime = await createRuntime(config, logger, runtimeOptions);
  let accepting = true;
  let server: Server | undefined;
  let port: number | undefined;

  if (role === 'worker' || role === 'all' || runtime.queue.kind === 'in-process') {
    // Without Redis there is no other process to run jobs, so an API-only process runs them too.
    // A dedicated worker reads pages on a thread that has loaded the rules before the first job;
    // others (tests, the embedded default) keep starting fast and load them with the first page.
    if (role === 'worker') await runtime.enrichment.warmUp();
    await runtime.queue.startWorkers();
    // Where jobs run, Salesforce is watched for stage changes (CDC, polling).
    await runtime.stageTriggers.startWatching();
    if (runtime.salesforce) await startSalesforceSchedules(runtime.queue, config, logger);
  }
  if (role === 'api' || role === 'all') {
    const app = createApp({ ...runtime, bodyLimitBytes: config.http.bodyLimitBytes, isAccepting: () => accepting });
    server = await new Promise<Server>((resolve, reject) => {
      const s = app.listen(config.http.port, config.http.host, (error?: Error) => (error ? reject(error) : resolve(s)));
    });
    const address = server.address();
    port = typeof address === 'object' && address ? address.port : config.http.port;
    // Longer than typical load-balancer idle timeouts, so they close connections first.
    server.keepAliveTimeout = 65_000;
  }
  log.info({ role, port, database: runtime.databaseKind, jobs: runtime.queue.kind }, 'partnerforge started');

  let stopping: Promise<void> | undefined;
  return {
    runtime,
    server,
    port,
    stop() {
      stopping ??= (async () => {
        accepting = false;
        log.info('shutting down');
        if (server) {
          const closed = new Promise<void>((resolve) => (server as Server).close(() => resolve()));
          server.closeIdleConnections();
          const timer = setTimeout(() => server?.closeAllConnections(), config.shutdownTimeoutMs).unref();
          await closed;
          clearTimeout(timer);
        }
        await runtime.close(config.shutdownTimeoutMs);
        log.info('shut down cleanly');
      })();
      return stopping;
    },
  };
}
