import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import type { Config } from '../../config/config.ts';
import { createLogger } from '../../logging/logger.ts';
import { createRuntime } from '../../runtime/runtime.ts';
import type { PullSummary } from '../../salesforce/salesforce-pull.ts';
import type { PushSummary } from '../../salesforce/salesforce-push.ts';
import type { SalesforceSync } from '../../salesforce/salesforce-sync.ts';
import { type CliIo, UsageError } from '../cli-context.ts';

export const sfUsage = 'pf sf pull [--full] | push [--account UUID…] | sync [--full]  [--json]   Salesforce: pull prospects, push fields, or both';

/** Runs the Salesforce pull and/or push in this process, with progress on a terminal and a summary. */
export async function sfCommand(args: string[], config: Config, io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'pull' && action !== 'push' && action !== 'sync') throw new UsageError('pf sf expects pull, push or sync');
  const { values } = parseArgs({ args: rest, options: { full: { type: 'boolean' }, json: { type: 'boolean' }, account: { type: 'string', multiple: true } } });
  if (values.account && action !== 'push') throw new UsageError('--account goes with pf sf push');
  if (config.salesforce.auth.kind === 'off') throw new UsageError('Salesforce is not configured: set one of the SALESFORCE_* credential sets (see .env.example)');
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  const runtime = await createRuntime(config, logger, { inProcessJobs: true, migrate: config.database.migrateOnStart });
  try {
    const sf = runtime.salesforce as SalesforceSync;
    const showProgress = !values.json && process.stderr.isTTY;
    const result: { pull?: PullSummary; push?: PushSummary } = {};
    if (action !== 'push') result.pull = await runPull(sf, values.full ?? false, showProgress);
    if (action !== 'pull') result.push = await runPush(sf, values.account, showProgress);
    if (values.json) io.out(JSON.stringify(result));
    else {
      if (result.pull) for (const line of formatPull(result.pull)) io.out(line);
      if (result.push) for (const line of formatPush(result.push)) io.out(line);
    }
    return (result.push?.failed ?? 0) > 0 ? 1 : 0;
  } finally {
    await runtime.close(config.shutdownTimeoutMs);
  }
}

async function runPull(sf: SalesforceSync, full: boolean, showProgress: boolean): Promise<PullSummary> {
  const bar = showProgress ? new SingleBar({ format: 'pull [{bar}] {value}/{total} Accounts', stream: process.stderr }) : undefined;
  bar?.start(1, 0);
  try {
    const onProgress = ({ read, total }: { read: number; total: number | undefined }) => {
      bar?.setTotal(Math.max(total ?? read, read));
      bar?.update(read);
    };
    return await sf.pull({ full, onProgress });
  } finally {
    bar?.stop();
  }
}

async function runPush(sf: SalesforceSync, accountIds: string[] | undefined, showProgress: boolean): Promise<PushSummary> {
  const bar = showProgress ? new SingleBar({ format: 'push {value} accounts compared, {written} written, {failed} failed', stream: process.stderr }) : undefined;
  bar?.start(0, 0, { written: 0, failed: 0 });
  try {
    return await sf.push({ accountIds, urgent: accountIds !== undefined, onProgress: ({ examined, written, failed }) => bar?.update(examined, { written, failed }) });
  } finally {
    bar?.stop();
  }
}

export function formatPull(s: PullSummary): string[] {
  const written = s.created + s.linked + s.updated;
  const failed = s.withoutWebsite.length + s.duplicateDomain.length;
  const lines = [
    `pull (${s.mode}${s.full ? ', full' : ''}): read ${s.read}, written ${written} (created ${s.created}, linked ${s.linked}, updated ${s.updated}), skipped as unchanged ${s.unchanged}, failed ${failed}, API calls ${s.apiCalls}`,
  ];
  for (const a of s.withoutWebsite.slice(0, 20)) lines.push(`  no usable website: ${a.salesforceId} ${a.name ?? ''} (${a.website ?? 'empty'}): ${a.reason}`);
  if (s.withoutWebsite.length > 20) lines.push(`  … and ${s.withoutWebsite.length - 20} more without a usable website`);
  for (const a of s.duplicateDomain.slice(0, 20)) lines.push(`  duplicate domain: ${a.salesforceId} ${a.name ?? ''}: ${a.reason}`);
  if (s.paused) lines.push(`  paused: ${s.paused}`);
  lines.push(`  next pull from SystemModstamp >= ${s.cursor ?? '(start)'}`);
  return lines;
}

export function formatPush(s: PushSummary): string[] {
  const lines = [`push: examined ${s.examined}, written ${s.written}, skipped as unchanged ${s.unchanged}, failed ${s.failed}, API calls ${s.apiCalls}`];
  for (const f of s.failures.slice(0, 20)) lines.push(`  failed: ${f.salesforceId}: ${f.errors.map((e) => `${e.statusCode} ${e.message}`).join('; ')}`);
  if (s.paused) lines.push(`  paused: ${s.paused}`);
  return lines;
}
