import { parseArgs } from 'node:util';
import type { Config } from '../../config/config.ts';
import { parseOrThrow } from '../../errors/validate.ts';
import { TeamCreateSchema } from '../../org/org-schemas.ts';
import { addTeamMember, listTeams } from '../../org/org.service.ts';
import { findTeamByName, insertTeam } from '../../users/users.repository.ts';
import { type CliIo, UsageError, withDatabase } from '../cli-context.ts';

export const teamsUsage = 'pf teams list | add NAME [--budget USD] | add-member NAME --email E';

export async function teamsCommand(args: string[], config: Config, io: CliIo): Promise<void> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { budget: { type: 'string' }, email: { type: 'string' } } });
  await withDatabase(config, async (db) => {
    if (sub === 'list') {
      for (const team of await listTeams(db)) io.out(`${team.name}\t${team.members} members\t${team.monthlyBudgetUsd === null ? 'no budget' : `$${team.monthlyBudgetUsd}/month`}\t${team.id}`);
      return;
    }
    const name = positionals[0];
    if (!name) throw new UsageError(`teams ${sub ?? ''} needs a team name`);
    if (sub === 'add') {
      const input = parseOrThrow(TeamCreateSchema, { name, ...(values.budget ? { monthlyBudgetUsd: Number(values.budget) } : {}) }, 'team');
      const team = (await findTeamByName(db, input.name)) ?? (await insertTeam(db, input.name));
      if (input.monthlyBudgetUsd !== undefined) await db.updateTable('teams').set({ monthly_budget_usd: input.monthlyBudgetUsd }).where('id', '=', team.id).execute();
      io.out(`Team ${team.name} (id ${team.id})`);
      return;
    }
    if (sub === 'add-member') {
      if (!values.email) throw new UsageError('teams add-member needs --email');
      const team = await findTeamByName(db, name);
      if (!team) throw new UsageError(`No team named ${name}`);
      await addTeamMember(db, team.id, values.email);
      io.out(`${values.email} is in team ${team.name}`);
      return;
    }
    throw new UsageError(`Unknown teams command "${sub ?? ''}"`);
  });
}
