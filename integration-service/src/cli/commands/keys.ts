import { parseArgs } from 'node:util';
import type { Config } from '../../config/config.ts';
import { createApiKeyForUser, revokeApiKeyByPrefix } from '../../users/users.service.ts';
import { type CliIo, UsageError, withDatabase } from '../cli-context.ts';

export const keysUsage = [
  'pf keys create --email E [--name N] [--scopes read,write] [--rate-tier standard|power|admin] [--json]   print a new key (shown once)',
  'pf keys revoke PREFIX                                              revoke a key by its pf_xxxxxxxx prefix',
].join('\n  ');

export async function keysCommand(args: string[], config: Config, io: CliIo): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'create') {
    const { values } = parseArgs({
      args: rest,
      options: { email: { type: 'string' }, name: { type: 'string' }, scopes: { type: 'string' }, 'rate-tier': { type: 'string' }, json: { type: 'boolean' } },
    });
    if (!values.email) throw new UsageError('keys create needs --email');
    const created = await withDatabase(config, (db) =>
      createApiKeyForUser(db, { email: values.email as string, name: values.name, scopes: values.scopes?.split(',').map((s) => s.trim()), rateTier: values['rate-tier'] }),
    );
    if (values.json) {
      io.out(JSON.stringify({ key: created.key, prefix: created.prefix, scopes: created.scopes, user: created.user.email }));
      return;
    }
    io.err(`Created key ${created.prefix} for ${created.user.email} (${created.scopes.join(', ')}). It is shown once; store it now:`);
    io.out(created.key);
    return;
  }
  if (sub === 'revoke') {
    const { positionals } = parseArgs({ args: rest, allowPositionals: true, options: {} });
    const prefix = positionals[0];
    if (!prefix) throw new UsageError('keys revoke needs the key prefix (pf_xxxxxxxx)');
    await withDatabase(config, (db) => revokeApiKeyByPrefix(db, prefix));
    io.out(`Revoked ${prefix}`);
    return;
  }
  throw new UsageError(`Unknown keys command "${sub ?? ''}"`);
}
