import { parseArgs } from 'node:util';
import type { Config } from '../../config/config.ts';
import { resolveDomainInput } from '../../enrichment/domain-input.ts';
import { recordAudit } from '../../audit/audit-trail.ts';
import { createBriefLinks } from '../../briefs/brief-links.ts';
import { type CliIo, UsageError, withDatabase } from '../cli-context.ts';

export const briefUrlUsage = 'pf brief-url DOMAIN [--ttl-days N]      print a signed link to the pre-call brief';

/** Prints the signed brief URL of a domain (what Salesforce's Brief URL field holds). */
export async function briefUrlCommand(args: string[], config: Config, io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'ttl-days': { type: 'string' } } });
  const input = positionals[0];
  if (!input) throw new UsageError('pf brief-url needs a domain, e.g. pf brief-url costco.com');
  const ttlDays = values['ttl-days'] === undefined ? config.briefs.linkTtlDays : Number(values['ttl-days']);
  if (!Number.isInteger(ttlDays) || ttlDays < 1 || ttlDays > 3650) throw new UsageError('--ttl-days expects a whole number of days between 1 and 3650');
  // A key of this process alone would print a link no server accepts.
  if (config.briefs.signingKeys.length === 0) throw new UsageError('Set PF_BRIEF_SIGNING_KEY (the same key the service uses) to sign brief links');
  const domain = await withDatabase(config, async (db) => {
    const resolved = await resolveDomainInput(db, input);
    // A brief link is a credential to the account's data: handing one out is an export.
    await recordAudit(db, { via: 'cli' }, { action: 'export.brief_link', targetType: 'account', targetId: resolved, details: { ttlDays } });
    return resolved;
  });
  io.out(createBriefLinks({ keys: config.briefs.signingKeys, publicUrl: config.http.publicUrl, ttlDays }).url(domain));
}
