import type { webApi } from '@slack/bolt';
import { type PartnerForgeClient, type UserLookup, isPartnerForgeApiError } from '@partnerforge/shared/client';

/** Who a Slack user is in PartnerForge. */
export type SlackUserIdentity =
  | { kind: 'known'; slackUserId: string; user: UserLookup }
  /** No e-mail on the Slack profile (or not visible to the app), or no PartnerForge user with it. */
  | { kind: 'unknown'; slackUserId: string; email?: string };

export interface SlackUserDirectoryOptions {
  partnerForge: PartnerForgeClient;
  /** How long a known user's role is trusted before asking again, ms (default 5 min). */
  knownTtlMs?: number;
  /** How long an unknown user stays unknown, ms (default 1 min: an admin may add them meanwhile). */
  unknownTtlMs?: number;
  now?: () => number;
}

export interface SlackUserDirectory {
  /** Maps a Slack user to a PartnerForge user by e-mail (`users.info`, then the service). */
  resolve(client: webApi.WebClient, slackUserId: string): Promise<SlackUserIdentity>;
}

/**
 * Maps Slack users to PartnerForge users by e-mail address and caches the answer briefly.
 * Service errors other than "no such user" propagate: "unknown" must mean unknown, not "down".
 */
export function createSlackUserDirectory(options: SlackUserDirectoryOptions): SlackUserDirectory {
  const now = options.now ?? Date.now;
  const knownTtl = options.knownTtlMs ?? 300_000;
  const unknownTtl = options.unknownTtlMs ?? 60_000;
  const cache = new Map<string, { identity: SlackUserIdentity; expiresAt: number }>();

  async function lookup(client: webApi.WebClient, slackUserId: string): Promise<SlackUserIdentity> {
    const info = await client.users.info({ user: slackUserId });
    const email = info.user?.profile?.email?.trim();
    if (!email || info.user?.deleted) return { kind: 'unknown', slackUserId, ...(email ? { email } : {}) };
    try {
      return { kind: 'known', slackUserId, user: await options.partnerForge.lookupUser(email) };
    } catch (error) {
      if (isPartnerForgeApiError(error) && error.code === 'not_found') return { kind: 'unknown', slackUserId, email };
      throw error;
    }
  }

  return {
    async resolve(client, slackUserId) {
      const cached = cache.get(slackUserId);
      if (cached && cached.expiresAt > now()) return cached.identity;
      const identity = await lookup(client, slackUserId);
      cache.set(slackUserId, { identity, expiresAt: now() + (identity.kind === 'known' ? knownTtl : unknownTtl) });
      // A workspace has a few hundred people at most here; drop expired entries now and then.
      if (cache.size > 5_000) for (const [id, entry] of cache) if (entry.expiresAt <= now()) cache.delete(id);
      return identity;
    },
  };
}
