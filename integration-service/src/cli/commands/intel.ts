import { parseArgs } from 'node:util';
import type { Config } from '../../config/config.ts';
import { DEFAULT_TTL_MS } from '../../enrichment/module-types.ts';
import { getIntel } from '../../intel/intel.service.ts';
import { type CliIo, UsageError, withDatabase } from '../cli-context.ts';
import { formatIntel } from '../format-intel.ts';

export const intelUsage = 'pf intel DOMAIN [--json]                 print the current intel on a company';

export async function intelCommand(args: string[], config: Config, io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
  const domain = positionals[0];
  if (!domain) throw new UsageError('pf intel needs a domain, e.g. pf intel costco.com');
  const intel = await withDatabase(config, (db) => getIntel(db, domain, { ttlMs: (m) => DEFAULT_TTL_MS[m] }));
  io.out(values.json ? JSON.stringify(intel) : formatIntel(intel));
}
