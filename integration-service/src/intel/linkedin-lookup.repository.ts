import { sql } from 'kysely';
import type { Db } from '../database/database.ts';

/**
 * The domain whose newest `company.context` snapshot names `linkedinUrl` as its LinkedIn page
 * (stored canonical: `https://www.linkedin.com/company/<slug>`), or undefined. When several
 * domains claim the page (a group and a brand), the most recently fetched wins.
 */
export async function findDomainByLinkedInUrl(db: Db, linkedinUrl: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('intel_snapshots as s')
    .select('s.domain')
    .where('s.module', '=', 'company.context')
    .where(sql<string>`s.data->>'linkedinUrl'`, '=', linkedinUrl)
    // Only the current version counts: a company that changed its LinkedIn page no longer matches the old one.
    .where(({ eb, selectFrom }) =>
      eb('s.version', '=', selectFrom('intel_snapshots as newer').select(({ fn }) => fn.max('newer.version').as('v')).whereRef('newer.domain', '=', 's.domain').where('newer.module', '=', 'company.context')),
    )
    .orderBy('s.fetched_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.domain;
}
