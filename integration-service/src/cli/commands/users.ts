import { parseArgs } from 'node:util';
import type { Config } from '../../config/config.ts';
import { addUser, setUserRole } from '../../users/users.service.ts';
import { type CliIo, UsageError, withDatabase } from '../cli-context.ts';

export const usersUsage = [
  'pf users add --email E --role admin|manager|ae|sdr|viewer [--team T] [--name N]',
  'pf users set-role --email E --role admin|manager|ae|sdr|viewer          (audited)',
].join('\n  ');

export async function usersCommand(args: string[], config: Config, io: CliIo): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'set-role') {
    const { values } = parseArgs({ args: rest, options: { email: { type: 'string' }, role: { type: 'string' } } });
    if (!values.email || !values.role) throw new UsageError('users set-role needs --email and --role');
    const user = await withDatabase(config, (db) => setUserRole(db, { email: values.email as string, role: values.role as never }));
    io.out(`${user.email} is now ${user.role}`);
    return;
  }
  if (sub !== 'add') throw new UsageError(`Unknown users command "${sub ?? ''}"`);
  const { values } = parseArgs({
    args: rest,
    options: { email: { type: 'string' }, role: { type: 'string' }, team: { type: 'string' }, name: { type: 'string' } },
  });
  if (!values.email || !values.role) throw new UsageError('users add needs --email and --role');
  const user = await withDatabase(config, (db) =>
    addUser(db, { email: values.email as string, role: values.role as never, team: values.team, name: values.name }),
  );
  io.out(`Added ${user.email} as ${user.role}${values.team ? ` in team ${values.team}` : ''} (id ${user.id})`);
}
