import type { Role } from '@partnerforge/shared/schemas';
import type { Db } from '../database/database.ts';

export async function findUserByEmail(db: Db, email: string) {
  return db
    .selectFrom('users')
    .selectAll()
    .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
    .executeTakeFirst();
}

export async function insertUser(db: Db, values: { email: string; name?: string; role: Role; teamId?: string }) {
  return db
    .insertInto('users')
    .values({ email: values.email, name: values.name ?? null, role: values.role, team_id: values.teamId ?? null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findTeamByName(db: Db, name: string) {
  return db.selectFrom('teams').selectAll().where('name', '=', name).executeTakeFirst();
}

export async function insertTeam(db: Db, name: string) {
  return db.insertInto('teams').values({ name }).returningAll().executeTakeFirstOrThrow();
}
