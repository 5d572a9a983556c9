import type { AlertRule, AlertRuleCreate, AlertRuleUpdate } from '@partnerforge/shared/schemas';
import type { Caller } from '../auth/authenticate.ts';
import type { Db } from '../database/database.ts';
import { AppError } from '../errors/app-error.ts';
import { resolveDomainInput } from '../enrichment/domain-input.ts';
import { type AlertRuleRow, deleteAlertRule, findAlertRule, insertAlertRule, listAlertRules, updateAlertRule } from './alert-rules.repository.ts';

type RuleCaller = Pick<Caller, 'userId' | 'role' | 'team'>;

export function toAlertRule(row: AlertRuleRow): AlertRule {
  return {
    id: row.id,
    name: row.name,
    owner: row.team_id ? { type: 'team', teamId: row.team_id } : { type: 'user', userId: row.owner_user_id as string },
    scope: row.scope,
    domains: row.domains,
    categories: row.categories,
    minSignificance: row.min_significance,
    channels: row.channels,
    frequency: row.frequency,
    slackChannelId: row.slack_channel_id,
    enabled: row.enabled,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

const managesTeams = (caller: RuleCaller) => caller.role === 'admin' || caller.role === 'manager';

function checkScope(caller: RuleCaller, scope: AlertRule['scope']): void {
  if (scope === 'all' && !managesTeams(caller)) throw AppError.forbidden('Only admins and managers may watch every account (scope "all")');
}

/** The rule if the caller may change it: their own, or (admins, their team's managers) a team's. */
async function editableRule(db: Db, caller: RuleCaller, id: string): Promise<AlertRuleRow> {
  const row = await findAlertRule(db, id);
  const visible = row && (row.owner_user_id === caller.userId || (row.team_id !== null && (row.team_id === caller.team?.id || caller.role === 'admin')));
  if (!row || !visible) throw AppError.notFound(`No alert rule ${id}`);
  if (row.team_id !== null && !(caller.role === 'admin' || (caller.role === 'manager' && caller.team?.id === row.team_id))) {
    throw AppError.forbidden("Only the team's managers and admins may change a team rule");
  }
  return row;
}

async function canonicalDomains(db: Db, domains: readonly string[]): Promise<string[]> {
  return [...new Set(await Promise.all(domains.map((domain) => resolveDomainInput(db, domain))))];
}

/** The caller's rules and their team's. */
export async function listRulesFor(db: Db, caller: RuleCaller): Promise<AlertRule[]> {
  return (await listAlertRules(db, caller.userId, caller.team?.id ?? null)).map(toAlertRule);
}

export async function createRule(db: Db, caller: RuleCaller, body: AlertRuleCreate): Promise<AlertRule> {
  checkScope(caller, body.scope);
  if (body.forTeam && !managesTeams(caller)) throw AppError.forbidden('Only managers and admins may create team rules');
  if (body.forTeam && !caller.team) throw AppError.badRequest('You belong to no team: a team rule needs one');
  const user = await db.selectFrom('users').select('alert_frequency').where('id', '=', caller.userId).executeTakeFirstOrThrow();
  const row = await insertAlertRule(db, {
    ownerUserId: body.forTeam ? null : caller.userId,
    teamId: body.forTeam ? (caller.team?.id ?? null) : null,
    name: body.name,
    scope: body.scope,
    domains: await canonicalDomains(db, body.domains),
    categories: body.categories,
    minSignificance: body.minSignificance,
    channels: body.channels,
    frequency: body.frequency ?? user.alert_frequency,
    slackChannelId: body.slackChannelId ?? null,
    enabled: body.enabled,
  });
  return toAlertRule(row);
}

export async function updateRule(db: Db, caller: RuleCaller, id: string, patch: AlertRuleUpdate): Promise<AlertRule> {
  const current = await editableRule(db, caller, id);
  const next = {
    scope: patch.scope ?? current.scope,
    domains: patch.domains ? await canonicalDomains(db, patch.domains) : current.domains,
    channels: patch.channels ?? current.channels,
    slackChannelId: patch.slackChannelId === undefined ? current.slack_channel_id : patch.slackChannelId,
  };
  checkScope(caller, next.scope);
  const issues = [];
  if (next.scope === 'domains' && next.domains.length === 0) issues.push({ path: 'domains', code: 'custom', message: 'scope "domains" needs at least one domain' });
  if (next.slackChannelId && !next.channels.includes('slack')) issues.push({ path: 'slackChannelId', code: 'custom', message: 'a Slack channel needs the "slack" channel' });
  if (issues.length) throw new AppError('validation_failed', 400, 'Invalid alert rule', { issues });
  return toAlertRule(await updateAlertRule(db, id, { ...patch, ...next }));
}

export async function removeRule(db: Db, caller: RuleCaller, id: string): Promise<void> {
  await editableRule(db, caller, id);
  await deleteAlertRule(db, id);
}
