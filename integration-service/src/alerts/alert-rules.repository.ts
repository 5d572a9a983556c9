import type { AlertChannel, AlertFrequency, AlertScope, Significance } from '@partnerforge/shared/schemas';
import type { Db } from '../database/database.ts';
import type { Recipient, RuleForMatching } from './match-alert-rules.ts';

export type AlertRuleRow = Awaited<ReturnType<typeof findAlertRule>> & object;

/** One rule by id; undefined when none. */
export async function findAlertRule(db: Db, id: string) {
  return db.selectFrom('alert_rules').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The rules a user sees: their own and their team's, oldest first. */
export async function listAlertRules(db: Db, userId: string, teamId: string | null) {
  return db
    .selectFrom('alert_rules')
    .selectAll()
    .where((eb) => (teamId ? eb.or([eb('owner_user_id', '=', userId), eb('team_id', '=', teamId)]) : eb('owner_user_id', '=', userId)))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export interface AlertRuleValues {
  ownerUserId: string | null;
  teamId: string | null;
  name: string;
  scope: AlertScope;
  domains: string[];
  categories: string[];
  minSignificance: Significance;
  channels: AlertChannel[];
  frequency: AlertFrequency;
  slackChannelId: string | null;
  enabled: boolean;
}

export async function insertAlertRule(db: Db, values: AlertRuleValues) {
  return db
    .insertInto('alert_rules')
    .values({
      owner_user_id: values.ownerUserId,
      team_id: values.teamId,
      name: values.name,
      scope: values.scope,
      domains: values.domains,
      categories: values.categories,
      min_significance: values.minSignificance,
      channels: values.channels,
      frequency: values.frequency,
      slack_channel_id: values.slackChannelId,
      enabled: values.enabled,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateAlertRule(db: Db, id: string, values: Partial<Omit<AlertRuleValues, 'ownerUserId' | 'teamId'>>) {
  return db
    .updateTable('alert_rules')
    .set({
      name: values.name,
      scope: values.scope,
      domains: values.domains,
      categories: values.categories,
      min_significance: values.minSignificance,
      channels: values.channels,
      frequency: values.frequency,
      slack_channel_id: values.slackChannelId,
      enabled: values.enabled,
      updated_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function deleteAlertRule(db: Db, id: string): Promise<void> {
  await db.deleteFrom('alert_rules').where('id', '=', id).execute();
}

/** Every enabled rule, each with the active users it speaks for. */
export async function findRulesForMatching(db: Db): Promise<RuleForMatching[]> {
  const rules = await db.selectFrom('alert_rules').selectAll().where('enabled', '=', true).execute();
  const teamIds = [...new Set(rules.map((r) => r.team_id).filter((id): id is string => id !== null))];
  const members = teamIds.length
    ? await db.selectFrom('users').select(['id', 'team_id']).where('team_id', 'in', teamIds).where('deactivated_at', 'is', null).execute()
    : [];
  return rules.map((rule) => ({
    id: rule.id,
    ownerUserId: rule.owner_user_id,
    teamId: rule.team_id,
    memberUserIds: members.filter((m) => m.team_id === rule.team_id).map((m) => m.id),
    scope: rule.scope,
    domains: rule.domains,
    categories: rule.categories,
    minSignificance: rule.min_significance,
    channels: rule.channels,
    frequency: rule.frequency,
    slackChannelId: rule.slack_channel_id,
  }));
}

/** Every active user who may receive alerts, with what delivery needs to know. */
export async function findRecipients(db: Db) {
  const users = await db
    .selectFrom('users')
    .select((eb) => [
      'id',
      'email',
      'role',
      'team_id',
      'slack_user_id',
      'alert_frequency',
      eb.exists(eb.selectFrom('alert_rules').select('alert_rules.id').whereRef('alert_rules.owner_user_id', '=', 'users.id')).as('has_own_rules'),
    ])
    .where('deactivated_at', 'is', null)
    .execute();
  return new Map(
    users.map((u) => [
      u.id,
      { id: u.id, email: u.email, role: u.role, teamId: u.team_id, slackUserId: u.slack_user_id, alertFrequency: u.alert_frequency, hasOwnRules: Boolean(u.has_own_rules) } satisfies Recipient & { email: string; slackUserId: string | null },
    ]),
  );
}
