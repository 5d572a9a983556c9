import type { Significance } from '@partnerforge/shared/schemas';

/** A significant change on an account, as the card and App Home list it. */
export interface RecentChange {
  /** The alert's dedupe key: the same change seen twice is kept once. */
  dedupeKey: string;
  domain: string;
  category: string;
  significance: Significance;
  title: string;
  /** ISO 8601. */
  occurredAt: string;
}

/**
 * What the Slack app remembers about accounts between requests: the significant changes its
 * alerts carried (the service has no change API yet) and which accounts each Slack user looked
 * up or was alerted about (what App Home ranks as their accounts).
 */
export interface AccountActivityStore {
  recordChange(change: RecentChange): Promise<void>;
  /** Newest first. */
  recentChanges(domain: string, limit: number): Promise<RecentChange[]>;
  recordInterest(slackUserId: string, domain: string, at?: Date): Promise<void>;
  /** Domains, most recent interest first. */
  interests(slackUserId: string, limit: number): Promise<string[]>;
}

/** Changes kept per domain, and domains kept per user. */
export const MAX_CHANGES_PER_DOMAIN = 20;
export const MAX_INTERESTS_PER_USER = 25;

export function newestFirst(a: RecentChange, b: RecentChange): number {
  return b.occurredAt.localeCompare(a.occurredAt);
}

/** A process-local store for when no Redis is configured (development, tests). */
export function createMemoryActivityStore(): AccountActivityStore {
  const changes = new Map<string, Map<string, RecentChange>>();
  const interests = new Map<string, Map<string, number>>();
  return {
    async recordChange(change) {
      const byKey = changes.get(change.domain) ?? new Map<string, RecentChange>();
      byKey.set(change.dedupeKey, change);
      const kept = [...byKey.values()].sort(newestFirst).slice(0, MAX_CHANGES_PER_DOMAIN);
      changes.set(change.domain, new Map(kept.map((c) => [c.dedupeKey, c])));
    },
    async recentChanges(domain, limit) {
      return [...(changes.get(domain)?.values() ?? [])].sort(newestFirst).slice(0, limit);
    },
    async recordInterest(slackUserId, domain, at = new Date()) {
      const byDomain = interests.get(slackUserId) ?? new Map<string, number>();
      byDomain.set(domain, at.getTime());
      const kept = [...byDomain.entries()].sort((a, b) => b[1] - a[1]).slice(0, MAX_INTERESTS_PER_USER);
      interests.set(slackUserId, new Map(kept));
    },
    async interests(slackUserId, limit) {
      return [...(interests.get(slackUserId)?.entries() ?? [])]
        .sort((a, b) => b[1] - a[1])
        .slice(0, limit)
        .map(([domain]) => domain);
    },
  };
}
