import type { Tier } from '@partnerforge/shared/schemas';
import { onTierColor, tierColor } from '@partnerforge/shared/ui';
import { browser } from 'wxt/browser';

/** What the toolbar badge shows for a site: its score on its tier's colour. */
export interface TierBadge {
  text: string;
  color: string;
  textColor: string;
}

/** The badge of a scored company; an unscored one gets a neutral dot. */
export function badgeFor(tier: Tier | null, score: number | null): TierBadge {
  return { text: score === null ? '•' : String(Math.round(score)), color: tierColor(tier), textColor: onTierColor(tier) };
}

/** Sets (or clears, with null) the badge of one tab; the tab may have closed meanwhile. */
export async function setActionBadge(tabId: number, badge: TierBadge | null): Promise<void> {
  try {
    if (badge === null) return await browser.action.setBadgeText({ tabId, text: '' });
    await Promise.all([
      browser.action.setBadgeText({ tabId, text: badge.text }),
      browser.action.setBadgeBackgroundColor({ tabId, color: badge.color }),
      browser.action.setBadgeTextColor({ tabId, color: badge.textColor }),
    ]);
  } catch {
    // "No tab with id": closed before we answered. Nothing to show then.
  }
}
