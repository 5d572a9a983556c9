import type { types } from '@slack/bolt';
import type { AlertDeliveryJob } from '@partnerforge/shared/schemas';
import { escapeMrkdwn, truncate } from './format.ts';
import { SIGNIFICANCE_ICON, type SlackMessage } from './intel-card-builder.ts';

/** Slack allows 50 blocks a message; a digest keeps room for its header and footer. */
const MAX_DIGEST_ALERTS = 20;

const RANK = { critical: 0, high: 1, medium: 2, low: 3 } as const;

const categoryLabel = (category: string) => category.replace(/[_.]+/g, ' ');

function linkButtons(alert: AlertDeliveryJob, prefix: string): types.Button[] {
  return alert.links.map((link, i) => ({
    type: 'button',
    action_id: `${prefix}_${i}`,
    text: { type: 'plain_text', text: truncate(link.label, 75) },
    url: link.url,
  }));
}

/** One alert, posted as soon as it arrives. */
export function buildAlertMessage(alert: AlertDeliveryJob): SlackMessage {
  const icon = SIGNIFICANCE_ICON[alert.significance];
  const blocks: types.KnownBlock[] = [
    {
      type: 'section',
      text: { type: 'mrkdwn', text: truncate(`${icon} *${escapeMrkdwn(alert.title)}* · ${escapeMrkdwn(alert.domain)}${alert.body ? `\n${escapeMrkdwn(alert.body)}` : ''}`, 3000) },
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `${escapeMrkdwn(categoryLabel(alert.category))} · ${alert.significance} significance` }] },
  ];
  if (alert.links.length > 0) blocks.push({ type: 'actions', block_id: `pf_alert_links`, elements: linkButtons(alert, 'pf_alert_link') });
  return { text: `${alert.significance.toUpperCase()}: ${alert.title} (${alert.domain})`, blocks };
}

/** A day's alerts for one destination, grouped by account, most significant first. */
export function buildDigestMessage(alerts: AlertDeliveryJob[], day: string): SlackMessage {
  const sorted = [...alerts].sort((a, b) => RANK[a.significance] - RANK[b.significance] || a.domain.localeCompare(b.domain));
  const shown = sorted.slice(0, MAX_DIGEST_ALERTS);
  const byDomain = new Map<string, AlertDeliveryJob[]>();
  for (const alert of shown) byDomain.set(alert.domain, [...(byDomain.get(alert.domain) ?? []), alert]);

  const count = alerts.length === 1 ? '1 change' : `${alerts.length} changes`;
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: `PartnerForge daily digest · ${day}` } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: `${count} on ${byDomain.size === 1 ? '1 account' : `${byDomain.size} accounts`}` }] },
  ];
  for (const [domain, items] of byDomain) {
    const lines = items.map((a) => `${SIGNIFICANCE_ICON[a.significance]} ${escapeMrkdwn(truncate(a.title, 150))}`);
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(`*${escapeMrkdwn(domain)}*\n${lines.join('\n')}`, 3000) } });
  }
  if (sorted.length > shown.length) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${sorted.length - shown.length} more; the brief pages list every change.` }] });
  }
  return { text: `PartnerForge daily digest: ${count}`, blocks };
}
