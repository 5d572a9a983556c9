import type { types } from '@slack/bolt';
import type { VisibleIntel } from '../access/role-visibility.ts';
import type { RecentChange } from '../activity/account-activity.ts';
import { escapeMrkdwn, formatAge, truncate } from './format.ts';
import { SIGNIFICANCE_ICON } from './intel-card-builder.ts';

export interface HomeAccount {
  intel: VisibleIntel;
  changes: RecentChange[];
}

export type HomeInput =
  | { kind: 'known'; accounts: HomeAccount[]; now: Date }
  | { kind: 'unknown'; email?: string }
  | { kind: 'unavailable' };

const TIER_ICON = { hot: ':fire:', warm: ':large_orange_circle:', cool: ':large_blue_circle:', cold: ':white_circle:' } as const;
const MAX_ACCOUNTS = 10;

/** The App Home tab: the user's hottest accounts (score, descending) and their recent changes. */
export function buildHomeView(input: HomeInput): types.HomeView {
  const blocks: types.KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Your hottest accounts' } }];
  if (input.kind === 'unknown') {
    const who = input.email ? ` (I looked for ${escapeMrkdwn(input.email)})` : '';
    blocks.push(text(`:lock: You are not a PartnerForge user yet${who}. Ask a PartnerForge admin to add you.`));
    return { type: 'home', blocks };
  }
  if (input.kind === 'unavailable') {
    blocks.push(text(':warning: PartnerForge can\'t be reached right now; open this tab again in a minute.'));
    return { type: 'home', blocks };
  }
  const ranked = [...input.accounts].sort((a, b) => (b.intel.score ?? -1) - (a.intel.score ?? -1)).slice(0, MAX_ACCOUNTS);
  if (ranked.length === 0) {
    blocks.push(text('No accounts yet. Look one up with `/pf costco.com`; accounts you look up or get alerts on show here, hottest first.'));
    return { type: 'home', blocks };
  }
  for (const { intel, changes } of ranked) {
    const name = escapeMrkdwn(intel.company?.name ?? intel.domain);
    const score = intel.score === null ? 'not scored' : `${Math.round(intel.score)}/100`;
    const icon = intel.tier ? TIER_ICON[intel.tier] : ':grey_question:';
    const vendor = intel.searchVendor ? ` · search: ${escapeMrkdwn(intel.searchVendor)}` : '';
    const changeLines = changes
      .slice(0, 2)
      .map((c) => `${SIGNIFICANCE_ICON[c.significance]} ${escapeMrkdwn(truncate(c.title, 120))} · ${formatAge(c.occurredAt, input.now)}`);
    blocks.push({ type: 'divider' });
    blocks.push(text(truncate([`${icon} *${name}* · ${escapeMrkdwn(intel.domain)} · ${score}${vendor}`, ...changeLines].join('\n'), 3000)));
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'Accounts you looked up with `/pf` or got alerts on, ranked by score.' }] });
  return { type: 'home', blocks };
}

function text(value: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: value } };
}
