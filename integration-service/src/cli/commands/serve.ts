import { parseArgs } from 'node:util';
import { SERVICE_ROLES, type Config, type ServiceRole } from '../../config/config.ts';
import { createLogger } from '../../logging/logger.ts';
import { startService } from '../../main.ts';
import { UsageError } from '../cli-context.ts';

export const serveUsage = 'pf serve [--role api|worker|all]   start the service (role defaults to PF_ROLE, then all)';

/** Runs until SIGTERM or SIGINT, then shuts down gracefully. */
export async function serveCommand(args: string[], config: Config): Promise<void> {
  const { values } = parseArgs({ args, options: { role: { type: 'string' } } });
  const role = values.role ?? config.role;
  if (!SERVICE_ROLES.includes(role as ServiceRole)) throw new UsageError(`--role expects one of ${SERVICE_ROLES.join(', ')}`);
  const logger = createLogger({ level: config.logLevel });
  const service = await startService(config, logger, role as ServiceRole);
  await new Promise<void>((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal }, 'signal received');
      process.off('SIGTERM', onSignal).off('SIGINT', onSignal);
      service.stop().then(resolve, (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exitCode = 1;
        resolve();
      });
    };
    process.on('SIGTERM', onSignal).on('SIGINT', onSignal);
  });
}
