import { parseArgs } from 'node:util';
import type { Config } from '../../config/config.ts';
import { parseOrThrow } from '../../errors/validate.ts';
import { AssignmentCreateSchema } from '../../org/org-schemas.ts';
import { assignAccount } from '../../org/org.service.ts';
import { assignOwnersFromSalesforce } from '../../org/salesforce-owners.ts';
import { type CliIo, UsageError, withDatabase } from '../cli-context.ts';

export const assignUsage = 'pf assign DOMAIN --email E [--role owner|team_member|viewer] | pf assign --from-salesforce';

export async function assignCommand(args: string[], config: Config, io: CliIo): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { email: { type: 'string' }, role: { type: 'string' }, 'from-salesforce': { type: 'boolean' } } });
  if (values['from-salesforce']) {
    const result = await withDatabase(config, (db) => assignOwnersFromSalesforce(db));
    io.out(`Owners set on ${result.assigned} accounts; ${result.unmatchedOwnerIds.length} Salesforce owners match no user${result.unmatchedOwnerIds.length ? ` (${result.unmatchedOwnerIds.join(', ')})` : ''}`);
    return;
  }
  const domain = positionals[0];
  if (!domain || !values.email) throw new UsageError('assign needs a domain and --email');
  const input = parseOrThrow(AssignmentCreateSchema, { domain, email: values.email, ...(values.role ? { role: values.role } : {}) }, 'assignment');
  const row = await withDatabase(config, (db) => assignAccount(db, input));
  io.out(`${input.email} is ${row.role} of ${row.domain}`);
}
