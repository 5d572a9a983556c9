import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import type { EnrichmentJob } from '@partnerforge/shared/schemas';
import { recordAudit } from '../../audit/audit-trail.ts';
import type { Config } from '../../config/config.ts';
import { getEnrichmentJob, requestEnrichment } from '../../enrichment/enrichment.service.ts';
import { getIntel } from '../../intel/intel.service.ts';
import { createLogger } from '../../logging/logger.ts';
import { createRuntime } from '../../runtime/runtime.ts';
import { type CliIo, UsageError } from '../cli-context.ts';
import { formatIntel } from '../format-intel.ts';

export const enrichUsage = 'pf enrich DOMAIN [--force] [--json]     enrich a company now (progress bar on a terminal)';

const FINAL = new Set(['completed', 'partial', 'failed', 'cancelled']);

/**
 * Enriches one domain with the service's own pipeline, in this process. When the service is
 * already enriching the domain, the CLI joins that job (single flight) and follows it.
 */
export async function enrichCommand(args: string[], config: Config, io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { force: { type: 'boolean' }, json: { type: 'boolean' } } });
  const domain = positionals[0];
  if (!domain) throw new UsageError('pf enrich needs a domain, e.g. pf enrich costco.com');
  // Logs go to stderr, below warnings, so stdout carries only the result.
  const logger = createLogger({ level: 'warn', destination: process.stderr });
  const runtime = await createRuntime(config, logger, { inProcessJobs: true, migrate: config.database.migrateOnStart });
  try {
    await runtime.queue.startWorkers();
    const accepted = await requestEnrichment(runtime, { domain, force: values.force, trigger: 'cli' });
    // The CLI has no user: the audit row says it came from the command line of this host.
    await recordAudit(runtime.db, { via: 'cli' }, { action: 'enrichment.triggered', targetType: 'account', targetId: accepted.domain, details: { jobId: accepted.jobId, deduplicated: accepted.deduplicated, force: values.force ?? false, trigger: 'cli' } });
    const showBar = !values.json && process.stderr.isTTY;
    const bar = showBar ? new SingleBar({ format: `${accepted.domain} [{bar}] {percentage}% {value}/{total}`, stream: process.stderr }) : undefined;
    bar?.start(100, 0);
    let job: EnrichmentJob;
    for (;;) {
      job = await getEnrichmentJob(runtime.db, accepted.jobId);
      bar?.update(job.progress);
      if (FINAL.has(job.status)) break;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    bar?.stop();
    const intel = await getIntel(runtime.db, accepted.domain, { ttlMs: (m) => runtime.enrichment.registry.get(m).ttlMs }).catch(() => undefined);
    if (values.json) {
      io.out(JSON.stringify({ job, intel: intel ?? null }));
    } else {
      io.out(`${accepted.domain}: ${job.status}${accepted.deduplicated ? ' (joined a running enrichment)' : ''}`);
      for (const [module, run] of Object.entries(job.modules)) io.out(`  ${module.padEnd(20)} ${run.status}${run.error ? `: ${run.error.message}` : ''}`);
      if (intel) io.out(formatIntel(intel));
    }
    return job.status === 'failed' ? 1 : 0;
  } finally {
    await runtime.close(config.shutdownTimeoutMs);
  }
}
