import type { AlertDeliveryJobInput, AlertLink } from '@partnerforge/shared/schemas';
import { alertDeliveryJobId } from '@partnerforge/shared/schemas';
import type { Db } from '../database/database.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import type { Logger } from '../logging/logger.ts';
import { type DomainAudience, findDomainAudience } from '../access/account-scope.repository.ts';
import { findRecipients, findRulesForMatching } from './alert-rules.repository.ts';
import { type AlertRow, insertAlertsOnce, type NewAlert } from './alerts.repository.ts';
import { type AlertDraft, type AlertSignal, matchAlertRules } from './match-alert-rules.ts';

export interface RaiseAlertsDependencies {
  db: Db;
  /** Where Slack deliveries go (`alerts.deliver`); without it alerts stay in the app only. */
  enqueue?: JobQueue['enqueue'];
  /** Links an alert carries: the signed brief URL of a domain, a Salesforce account page. */
  links?: { brief?: (domain: string) => string; salesforceAccount?: (salesforceId: string) => string | undefined };
  log?: Logger;
  now?: () => Date;
}

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;
const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);
/** Delivery still owed to Slack (a re-run may find it so and enqueue it again; the job id dedupes). */
const OWED = new Set(['pending', 'digest']);

/**
 * Turns signals into alerts: matches the alert rules (and the defaults), stores one alert per
 * recipient and signal (the dedupe key makes a re-run harmless), and enqueues `alerts.deliver`
 * for the Slack app: a DM per recipient whose rule wants Slack, one post per Slack channel.
 * The alert row itself is the in-app delivery. Returns the alerts of these signals.
 */
export async function raiseAlerts(deps: RaiseAlertsDependencies, signals: readonly AlertSignal[]): Promise<AlertRow[]> {
  if (signals.length === 0) return [];
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const [rules, users] = await Promise.all([findRulesForMatching(db), findRecipients(db)]);
  const audiences = new Map<string, DomainAudience>();
  const raised: AlertRow[] = [];

  for (const signal of signals) {
    let audience = audiences.get(signal.domain);
    if (!audience) {
      audience = signal.audience.kind === 'account' ? await findDomainAudience(db, signal.domain) : { domain: signal.domain, assignedUserId: null, accountUserIds: new Set(), territoryUserIds: new Set(), salesforceId: null };
      audiences.set(signal.domain, audience);
    }
    const drafts = matchAlertRules(signal, rules, audience, users);
    if (drafts.length === 0) continue;
    const createdAt = now();
    const alerts = await insertAlertsOnce(db, drafts.map((draft) => toNewAlert(signal, draft, createdAt)));
    raised.push(...alerts);
    deps.log?.info({ signal: signal.key, category: signal.category, recipients: alerts.length }, 'alerts raised');
    if (deps.enqueue) await enqueueSlackDeliveries(deps, signal, audience, drafts, alerts, users);
  }
  return raised;
}

function toNewAlert(signal: AlertSignal, draft: AlertDraft, createdAt: Date): NewAlert {
  const wantsSlack = draft.channels.includes('slack');
  return {
    ruleId: draft.ruleId,
    changeEventId: signal.changeEventId,
    recipientUserId: draft.recipientUserId,
    domain: signal.domain,
    category: signal.category,
    significance: signal.significance,
    title: signal.title,
    body: signal.body,
    dedupeKey: `${signal.key}:${draft.recipientUserId}`,
    // In-app delivery is the row itself; Slack is owed now or in the next digest.
    deliveryStatus: !wantsSlack ? 'delivered' : draft.frequency === 'daily_digest' ? 'digest' : 'pending',
    deliveredChannels: draft.channels.includes('in_app') ? ['in_app'] : [],
    createdAt,
  };
}

async function enqueueSlackDeliveries(
  deps: RaiseAlertsDependencies,
  signal: AlertSignal,
  audience: DomainAudience,
  drafts: readonly AlertDraft[],
  alerts: readonly AlertRow[],
  users: Awaited<ReturnType<typeof findRecipients>>,
): Promise<void> {
  const enqueue = deps.enqueue as NonNullable<RaiseAlertsDependencies['enqueue']>;
  const links: AlertLink[] = [];
  if (signal.audience.kind === 'account' && deps.links?.brief) links.push({ label: 'Pre-call brief', url: deps.links.brief(signal.domain) });
  const salesforce = audience.salesforceId ? deps.links?.salesforceAccount?.(audience.salesforceId) : undefined;
  if (salesforce) links.push({ label: 'Salesforce account', url: salesforce });

  const byRecipient = new Map(alerts.map((alert) => [alert.recipient_user_id, alert]));
  const postedChannels = new Set<string>();
  for (const draft of drafts) {
    const alert = byRecipient.get(draft.recipientUserId);
    const user = users.get(draft.recipientUserId);
    if (!alert || !user || !OWED.has(alert.delivery_status)) continue;
    const job = (channelId?: string): AlertDeliveryJobInput => ({
      alertId: alert.id,
      // Names the signal, not the recipient: the Slack app posts one signal once per destination.
      dedupeKey: signal.key,
      recipient: { email: user.email, ...(user.slackUserId && SLACK_USER_ID.test(user.slackUserId) ? { slackUserId: user.slackUserId } : {}) },
      ...(channelId ? { channelId } : {}),
      frequency: draft.frequency,
      domain: signal.domain,
      category: signal.category,
      significance: signal.significance,
      title: clip(signal.title, 150),
      body: clip(signal.body, 2_000),
      links,
      occurredAt: signal.occurredAt.toISOString(),
    });
    const deliveries = [
      ...(draft.slackDirect ? [job()] : []),
      ...draft.slackChannelIds.filter((channel) => !postedChannels.has(channel)).map((channel) => job(channel)),
    ];
    for (const channel of draft.slackChannelIds) postedChannels.add(channel);
    for (const delivery of deliveries) {
      const payload = { ...delivery, links: delivery.links ?? [] };
      await enqueue('alerts.deliver', payload, { jobId: alertDeliveryJobId(payload) });
    }
  }
}
