import type { types } from '@slack/bolt';
import type { Significance, Tier } from '@partnerforge/shared/schemas';
import type { VisibleIntel } from '../access/role-visibility.ts';
import type { RecentChange } from '../activity/account-activity.ts';
import { escapeMrkdwn, formatAge, formatCompact, formatGrowth, formatInteger, formatMoney, truncate } from './format.ts';

/** Action ids of the card's buttons; listeners register under the same names. */
export const CARD_ACTIONS = {
  openBrief: 'pf_open_brief',
  openSalesforce: 'pf_open_salesforce',
  reenrich: 'pf_reenrich',
} as const;

export interface IntelCardInput {
  /** Already filtered for the viewer's role: a field absent here is not shown at all. */
  intel: VisibleIntel;
  /** The card shows the newest three. */
  changes: RecentChange[];
  links: { briefUrl: string; salesforceUrl?: string };
  /** Short lines shown above the actions, e.g. why some data is missing. */
  notes?: string[];
  now: Date;
}

export interface SlackMessage {
  text: string;
  blocks: types.KnownBlock[];
}

const TIER_LABEL: Record<Tier, string> = {
  hot: ':fire: Hot',
  warm: ':large_orange_circle: Warm',
  cool: ':large_blue_circle: Cool',
  cold: ':white_circle: Cold',
};

export const SIGNIFICANCE_ICON: Record<Significance, string> = {
  critical: ':red_circle:',
  high: ':large_orange_circle:',
  medium: ':large_yellow_circle:',
  low: ':white_circle:',
};

const MAX_TECHNOLOGIES = 15;
const MAX_REASONS = 3;
const MAX_CHANGES = 3;

/** The account's intel card as Block Kit: pure, so it is tested without Slack. */
export function buildIntelCard(input: IntelCardInput): SlackMessage {
  const { intel, now } = input;
  const name = intel.company?.name ?? intel.domain;
  const priority = intel.tier ? TIER_LABEL[intel.tier] : 'Not scored yet';
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(`${name} · ${intel.domain}`, 150), emoji: true } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Priority*\n${priority}` },
        { type: 'mrkdwn', text: `*Score*\n${intel.score === null ? '—' : `${Math.round(intel.score)}/100`}` },
      ],
    },
  ];
  if (intel.company?.description) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: escapeMrkdwn(truncate(intel.company.description, 300)) }] });
  }
  const reasons = scoreReasons(intel);
  if (reasons) blocks.push(section(`*Why this score*\n${reasons}`));
  blocks.push(section(technologiesText(intel)));
  blocks.push({ type: 'section', fields: [{ type: 'mrkdwn', text: `*Traffic*\n${trafficText(intel)}` }, ...spendField(intel)] });
  // Absent for roles that may not see financials: no heading, no placeholder.
  if ('financials' in intel) blocks.push(section(`*Financial highlights*\n${financialsText(intel.financials ?? null)}`));
  blocks.push(section(`*Latest significant changes*\n${changesText(input.changes, now)}`));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: freshnessText(intel, now) }] });
  for (const note of input.notes ?? []) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: truncate(note, 500) }] });
  blocks.push({ type: 'actions', block_id: 'pf_card_actions', elements: cardButtons(intel.domain, input.links) });

  const scoreText = intel.score === null ? 'not scored yet' : `score ${Math.round(intel.score)}${intel.tier ? `, ${intel.tier} priority` : ''}`;
  return { text: `${name} (${intel.domain}): ${scoreText}`, blocks };
}

function section(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } };
}

function scoreReasons(intel: VisibleIntel): string | undefined {
  const top = [...intel.breakdown]
    .filter((item) => item.points > 0)
    .sort((a, b) => b.points - a.points)
    .slice(0, MAX_REASONS);
  if (top.length === 0) return intel.score === null ? undefined : '_No points from the ICP profile yet._';
  return top.map((item) => `• +${Math.round(item.points)} ${escapeMrkdwn(item.reason)}`).join('\n');
}

function technologiesText(intel: VisibleIntel): string {
  const search = intel.searchVendor ? `:mag: *${escapeMrkdwn(intel.searchVendor)}*` : ':mag: none detected';
  const partners = intel.partnerPlatforms.length > 0 ? intel.partnerPlatforms.map((p) => `:handshake: *${escapeMrkdwn(p)}*`).join(', ') : 'none detected';
  const highlighted = new Set([intel.searchVendor, ...intel.partnerPlatforms].filter((n): n is string => Boolean(n)).map((n) => n.toLowerCase()));
  const isHighlighted = (name: string) => highlighted.has(name.toLowerCase());
  // Highlighted technologies first, then alphabetical, as the service sends them.
  const ordered = [...intel.technologies.filter((t) => isHighlighted(t.name)), ...intel.technologies.filter((t) => !isHighlighted(t.name))];
  const shown = ordered.slice(0, MAX_TECHNOLOGIES).map((t) => (isHighlighted(t.name) ? `*${escapeMrkdwn(t.name)}*` : escapeMrkdwn(t.name)));
  const more = ordered.length > MAX_TECHNOLOGIES ? ` and ${ordered.length - MAX_TECHNOLOGIES} more` : '';
  const list = shown.length > 0 ? `${shown.join(', ')}${more}` : '_none detected_';
  return `*Search vendor:* ${search}\n*Partner platforms:* ${partners}\n*Technologies:* ${list}`;
}

function trafficText(intel: VisibleIntel): string {
  const visits = intel.traffic?.monthlyVisits;
  if (visits === null || visits === undefined) return '_No traffic data_';
  const months = intel.traffic?.visitsByMonth ?? [];
  const first = months[0]?.visits;
  const last = months.at(-1)?.visits;
  const trend = first && last && months.length > 1 ? ` (${formatGrowth(last / first - 1)} over ${months.length} months)` : '';
  return `${formatCompact(visits)} visits/month${trend}`;
}

function spendField(intel: VisibleIntel): types.MrkdwnElement[] {
  return intel.techSpendUsd === null ? [] : [{ type: 'mrkdwn', text: `*Tech spend*\n${formatMoney(intel.techSpendUsd)}/month (est.)` }];
}

function financialsText(financials: NonNullable<VisibleIntel['financials']> | null): string {
  if (!financials) return '_No public financials found_';
  const parts = [`${escapeMrkdwn(financials.ticker)}${financials.exchange ? ` (${escapeMrkdwn(financials.exchange)})` : ''}`];
  if (financials.marketCapUsd !== null) parts.push(`market cap ${formatMoney(financials.marketCapUsd)}`);
  if (financials.revenueUsd !== null) {
    const growth = financials.revenueGrowth === null ? '' : ` (${formatGrowth(financials.revenueGrowth)} YoY)`;
    parts.push(`revenue ${formatMoney(financials.revenueUsd, financials.currency)}${growth}`);
  }
  if (financials.employees !== null) parts.push(`${formatInteger(financials.employees)} employees`);
  return parts.join(' · ');
}

function changesText(changes: RecentChange[], now: Date): string {
  if (changes.length === 0) return '_No significant changes recorded_';
  return [...changes]
    .sort((a, b) => b.occurredAt.localeCompare(a.occurredAt))
    .slice(0, MAX_CHANGES)
    .map((c) => `${SIGNIFICANCE_ICON[c.significance]} ${escapeMrkdwn(truncate(c.title, 150))} · ${formatAge(c.occurredAt, now)}`)
    .join('\n');
}

function freshnessText(intel: VisibleIntel, now: Date): string {
  const enriched = intel.lastEnrichedAt ? `Enriched ${formatAge(intel.lastEnrichedAt, now)}` : 'Not enriched yet';
  const providers = [...new Set(intel.sources.map((s) => s.provider))].join(', ');
  const stale = intel.sources.some((s) => !s.fresh) ? ' · :hourglass: some data is due for a refresh' : '';
  return `${enriched}${providers ? ` · sources: ${escapeMrkdwn(providers)}` : ''}${stale}`;
}

function cardButtons(domain: string, links: IntelCardInput['links']): types.Button[] {
  const buttons: types.Button[] = [
    { type: 'button', action_id: CARD_ACTIONS.openBrief, text: { type: 'plain_text', text: 'Open brief' }, url: links.briefUrl, value: domain },
  ];
  if (links.salesforceUrl) {
    buttons.push({ type: 'button', action_id: CARD_ACTIONS.openSalesforce, text: { type: 'plain_text', text: 'Open in Salesforce' }, url: links.salesforceUrl, value: domain });
  }
  buttons.push({ type: 'button', action_id: CARD_ACTIONS.reenrich, text: { type: 'plain_text', text: 'Re-enrich' }, value: domain });
  return buttons;
}
