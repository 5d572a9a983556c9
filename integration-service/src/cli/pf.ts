import { isConfigError, loadConfig } from '../config/config.ts';
import { isAppError } from '../errors/app-error.ts';
import { type CliIo, UsageError } from './cli-context.ts';
import { keysCommand, keysUsage } from './commands/keys.ts';
import { migrateCommand, migrateUsage } from './commands/migrate.ts';
import { serveCommand, serveUsage } from './commands/serve.ts';
import { usersCommand, usersUsage } from './commands/users.ts';
import { enrichCommand, enrichUsage } from './commands/enrich.ts';
import { intelCommand, intelUsage } from './commands/intel.ts';
import { scoreCommand, scoreUsage } from './commands/score.ts';
import { openapiCommand, openapiUsage } from './commands/openapi.ts';
import { briefUrlCommand, briefUrlUsage } from './commands/brief-url.ts';
import { sfCommand, sfUsage } from './commands/sf.ts';
import { teamsCommand, teamsUsage } from './commands/teams.ts';
import { territoriesCommand, territoriesUsage } from './commands/territories.ts';
import { assignCommand, assignUsage } from './commands/assign.ts';

const usage = ['Usage:', serveUsage, migrateUsage, usersUsage, teamsUsage, territoriesUsage, assignUsage, keysUsage, enrichUsage, intelUsage, scoreUsage, briefUrlUsage, sfUsage, openapiUsage].join('\n  ');

const io: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** `pf <command>`: the operator's entry point; exit 0 ok, 1 failure, 2 wrong usage or config. */
async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    io.out(usage);
    return command ? 0 : 2;
  }
  try {
    const config = loadConfig();
    switch (command) {
      case 'serve':
        await serveCommand(args, config);
        return Number(process.exitCode ?? 0);
      case 'migrate':
        await migrateCommand(args, config, io);
        return 0;
      case 'users':
        await usersCommand(args, config, io);
        return 0;
      case 'teams':
        await teamsCommand(args, config, io);
        return 0;
      case 'territories':
        await territoriesCommand(args, config, io);
        return 0;
      case 'assign':
        await assignCommand(args, config, io);
        return 0;
      case 'keys':
        await keysCommand(args, config, io);
        return 0;
      case 'enrich':
        return await enrichCommand(args, config, io);
      case 'intel':
        await intelCommand(args, config, io);
        return 0;
      case 'score':
        await scoreCommand(config, io);
        return 0;
      case 'brief-url':
        await briefUrlCommand(args, config, io);
        return 0;
      case 'sf':
        return await sfCommand(args, config, io);
      case 'openapi':
        await openapiCommand(io);
        return 0;
      default:
        throw new UsageError(`Unknown command "${command}"`);
    }
  } catch (error) {
    if (isConfigError(error)) {
      io.err(error.message);
      return 2;
    }
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`${(error as Error).message}\n${usage}`);
      return 2;
    }
    if (isAppError(error)) {
      io.err(`Error: ${error.message}`);
      const issues = (error.details as { issues?: Array<{ path: string; message: string }> } | undefined)?.issues;
      for (const issue of issues ?? []) io.err(`  - ${issue.path || 'value'}: ${issue.message}`);
      return 1;
    }
    // Errors we raise on purpose carry a message meant for the operator; others keep their stack.
    const expected = error instanceof Error && ['InvalidScoringProfileError', 'FetchRefusedError', 'ProviderError', 'SalesforceError'].includes(error.name);
    io.err(`Error: ${error instanceof Error ? (expected ? error.message : (error.stack ?? error.message)) : String(error)}`);
    return 1;
  }
}

main(process.argv.slice(2)).then((code) => process.exit(code));
