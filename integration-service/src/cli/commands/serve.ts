import { parseArgs } from 'node:util';
import { SERVICE_ROLES, type Config, type ServiceRole } from '../../config/config.ts';
import { createLogger } from '../../logging/logger.ts';
import { startService } from '../../main.ts';
import { UsageError } from '../cli-context.ts';

export const serveUsage = 'pf serve [--role api|worker|all]   start the service (role defaults to PF_ROLE, then all)';

/**
 * Runs until SIGTERM or SIGINT, then shuts down gracefully and returns (the caller exits).
 * The handlers stay installed until then: a second signal during the shutdown (Ctrl-C reaching
 * the process group while a supervisor also sends SIGTERM) is logged and ignored, instead of
 * killing the process by the default action — which would skip what runs at a normal exit,
 * such as the V8 profile `--cpu-prof` writes.
 */
export async function serveCommand(args: string[], config: Config): Promise<void> {
  const { values } = parseArgs({ args, options: { role: { type: 'string' } } });
  const role = values.role ?? config.role;
  if (!SERVICE_ROLES.includes(role as ServiceRole)) throw new UsageError(`--role expects one of ${SERVICE_ROLES.join(', ')}`);
  const logger = createLogger({ level: config.logLevel });
  const service = await startService(config, logger, role as ServiceRole);
  // Never removed: the caller's process.exit ends the process once the shutdown is done.
  await new Promise<void>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        logger.warn({ signal }, 'signal received while shutting down; still shutting down');
        return;
      }
      stopping = true;
      logger.info({ signal }, 'signal received');
      service.stop().then(resolve, (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exitCode = 1;
        resolve();
      });
    };
    process.on('SIGTERM', onSignal).on('SIGINT', onSignal);
  });
}
