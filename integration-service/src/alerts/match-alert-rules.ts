import type { AlertChannel, AlertFrequency, AlertScope, Significance } from '@partnerforge/shared/schemas';
import { meetsSignificance } from '../history/significance.ts';
import type { DomainAudience } from '../access/account-scope.repository.ts';

/**
 * Something worth alerting on: a change event, or a budget event. `key` names what happened
 * (not who hears of it): each recipient gets at most one alert per key.
 */
export interface AlertSignal {
  key: string;
  domain: string;
  category: string;
  significance: Significance;
  title: string;
  body: string;
  changeEventId: string | null;
  occurredAt: Date;
  /**
   * `account`: about the domain's account; rules decide by their scope. `budget`: about a
   * team's (or, null, the organisation's) budget; its managers and admins hear of it.
   */
  audience: { kind: 'account' } | { kind: 'budget'; teamId: string | null };
}

/** An enabled alert rule with the users it speaks for (the owner, or the team's active members). */
export interface RuleForMatching {
  id: string;
  ownerUserId: string | null;
  teamId: string | null;
  memberUserIds: readonly string[];
  scope: AlertScope;
  domains: readonly string[];
  categories: readonly string[];
  minSignificance: Significance;
  channels: readonly AlertChannel[];
  frequency: AlertFrequency;
  slackChannelId: string | null;
}

/** A user as matching needs them. */
export interface Recipient {
  id: string;
  role: string;
  teamId: string | null;
  alertFrequency: AlertFrequency;
  /** Has personal rules: then no default rule speaks for them. */
  hasOwnRules: boolean;
}

/** One alert for one recipient, merged from every rule that matched them. */
export interface AlertDraft {
  recipientUserId: string;
  /** The first rule that matched; null when a default rule did. */
  ruleId: string | null;
  channels: AlertChannel[];
  /** Immediate when any matching rule wants it now. */
  frequency: AlertFrequency;
  /** Send to the recipient's Slack DM (a slack rule without a channel). */
  slackDirect: boolean;
  /** Slack channels the matching rules post to. */
  slackChannelIds: string[];
}

/** Not intel changes: a rule hears them only when it names them (admins hear them by default). */
const BUDGET_CATEGORIES = new Set(['budget_threshold', 'budget_exceeded', 'salesforce_api_limit']);

/**
 * Default rule of the assigned AE who has set up no rules of their own: their account's
 * high and critical changes, in the app and on Slack, at their preferred frequency.
 */
export const ASSIGNED_AE_DEFAULT = { minSignificance: 'high' as Significance, channels: ['in_app', 'slack'] as AlertChannel[] };

function inScope(rule: RuleForMatching, userId: string, signal: AlertSignal, audience: DomainAudience): boolean {
  switch (rule.scope) {
    case 'all':
      return true;
    case 'domains':
      return rule.domains.includes(signal.domain);
    case 'my_accounts':
      return audience.accountUserIds.has(userId);
    case 'my_territory':
      return audience.territoryUserIds.has(userId);
  }
}

/** A rule with no categories listed hears every intel change; budget news only when asked for by name. */
function wantsCategory(rule: RuleForMatching, category: string): boolean {
  return rule.categories.length === 0 ? !BUDGET_CATEGORIES.has(category) : rule.categories.includes(category);
}

/**
 * Who gets an alert for `signal`, and how: every enabled rule whose category, significance and
 * scope fit speaks for its users (a team rule for each member in scope), plus the defaults —
 * the assigned AE without rules of their own for account news, a team's managers and the
 * admins for budget news. Several rules matching one person make one alert. Pure.
 */
export function matchAlertRules(
  signal: AlertSignal,
  rules: readonly RuleForMatching[],
  audience: DomainAudience,
  users: ReadonlyMap<string, Recipient>,
): AlertDraft[] {
  const drafts = new Map<string, AlertDraft>();
  const add = (userId: string, ruleId: string | null, channels: readonly AlertChannel[], frequency: AlertFrequency, slackChannelId: string | null) => {
    if (!users.has(userId)) return; // deactivated or unknown
    const draft = drafts.get(userId) ?? { recipientUserId: userId, ruleId, channels: [], frequency, slackDirect: false, slackChannelIds: [] };
    draft.channels = [...new Set([...draft.channels, ...channels])];
    if (frequency === 'immediate') draft.frequency = 'immediate';
    if (channels.includes('slack')) {
      if (slackChannelId) draft.slackChannelIds = [...new Set([...draft.slackChannelIds, slackChannelId])];
      else draft.slackDirect = true;
    }
    drafts.set(userId, draft);
  };

  for (const rule of rules) {
    if (!wantsCategory(rule, signal.category) || !meetsSignificance(signal.significance, rule.minSignificance)) continue;
    const speaksFor = rule.ownerUserId ? [rule.ownerUserId] : rule.memberUserIds;
    for (const userId of speaksFor) {
      // Budget news is about a team, not an account: a rule that names the category hears it.
      if (signal.audience.kind === 'budget' || inScope(rule, userId, signal, audience)) add(userId, rule.id, rule.channels, rule.frequency, rule.slackChannelId);
    }
  }

  if (signal.audience.kind === 'account') {
    const ae = audience.assignedUserId ? users.get(audience.assignedUserId) : undefined;
    if (ae && !ae.hasOwnRules && meetsSignificance(signal.significance, ASSIGNED_AE_DEFAULT.minSignificance)) add(ae.id, null, ASSIGNED_AE_DEFAULT.channels, ae.alertFrequency, null);
  } else {
    const teamId = signal.audience.teamId;
    for (const user of users.values()) {
      if (user.role === 'admin' || (teamId !== null && user.role === 'manager' && user.teamId === teamId)) add(user.id, null, ['in_app', 'slack'], 'immediate', null);
    }
  }
  return [...drafts.values()];
}
