import { parseArgs } from 'node:util';
import type { Config } from '../../config/config.ts';
import { parseOrThrow } from '../../errors/validate.ts';
import { TerritoryCreateSchema } from '../../org/org-schemas.ts';
import { listTerritories, saveTerritory } from '../../org/org.service.ts';
import { findTeamByName } from '../../users/users.repository.ts';
import { type CliIo, UsageError, withDatabase } from '../cli-context.ts';

export const territoriesUsage = 'pf territories list | add --name N [--team T] [--region R] [--vertical V] [--min-score S] [--members e1,e2]';

export async function territoriesCommand(args: string[], config: Config, io: CliIo): Promise<void> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: { name: { type: 'string' }, team: { type: 'string' }, region: { type: 'string' }, vertical: { type: 'string' }, 'min-score': { type: 'string' }, members: { type: 'string' } },
  });
  await withDatabase(config, async (db) => {
    if (sub === 'list') {
      for (const t of await listTerritories(db)) io.out(`${t.name}\t${JSON.stringify(t.filters)}\t${t.members.join(', ') || 'no members'}\t${t.id}`);
      return;
    }
    if (sub !== 'add') throw new UsageError(`Unknown territories command "${sub ?? ''}"`);
    if (!values.name) throw new UsageError('territories add needs --name');
    const team = values.team ? await findTeamByName(db, values.team) : undefined;
    if (values.team && !team) throw new UsageError(`No team named ${values.team}`);
    const filters = {
      ...(values.region ? { region: values.region } : {}),
      ...(values.vertical ? { vertical: values.vertical } : {}),
      ...(values['min-score'] ? { min_score: Number(values['min-score']) } : {}),
    };
    const input = parseOrThrow(TerritoryCreateSchema, { name: values.name, teamId: team?.id ?? null, filters, ...(values.members ? { members: values.members.split(',').map((m) => m.trim()) } : {}) }, 'territory');
    const id = await saveTerritory(db, input);
    io.out(`Territory ${input.name} (id ${id})`);
  });
}
