import type { webApi } from '@slack/bolt';
import type { SlackMessage } from '../views/intel-card-builder.ts';
import type { Destination } from './destination.ts';

/** Slack answered 429: nothing may be posted for `retryAfterMs`. */
export class SlackRateLimitedError extends Error {
  readonly isSlackRateLimited = true;
  constructor(readonly retryAfterMs: number) {
    super(`Slack rate limited the call; retry after ${retryAfterMs} ms`);
    this.name = 'SlackRateLimitedError';
  }
}

/** Slack refused for good (unknown channel, missing scope, …): retrying cannot help. */
export class SlackPermanentError extends Error {
  readonly isSlackPermanent = true;
  constructor(readonly slackError: string) {
    super(`Slack refused the message: ${slackError}`);
    this.name = 'SlackPermanentError';
  }
}

/** Slack's own transient failures, worth a retry; every other platform error is permanent. */
const TRANSIENT_PLATFORM_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited', 'team_added_to_org']);

interface SlackSdkError {
  code?: string;
  retryAfter?: number;
  data?: { error?: string };
}

/** Turns @slack/web-api errors into ours; anything else (network, 5xx) is left to retry. */
export function classifySlackError(error: unknown): unknown {
  const e = error as SlackSdkError;
  if (e?.code === 'slack_webapi_rate_limited_error') return new SlackRateLimitedError((e.retryAfter ?? 1) * 1000);
  if (e?.code === 'slack_webapi_platform_error') {
    const slackError = e.data?.error ?? 'unknown_error';
    if (slackError === 'ratelimited') return new SlackRateLimitedError(1000);
    if (!TRANSIENT_PLATFORM_ERRORS.has(slackError)) return new SlackPermanentError(slackError);
  }
  return error;
}

export interface SlackPoster {
  /** The channel id to post to: the rule's channel, or the DM opened with the recipient. */
  resolveChannel(destination: Destination): Promise<{ channelId: string; slackUserId?: string }>;
  post(channelId: string, message: SlackMessage): Promise<{ ts: string }>;
}

/**
 * Posts through a WebClient that rejects rate-limited calls instead of sleeping inside the SDK,
 * so the worker's queue limiter decides when to try again. DM channel ids are cached per user.
 */
async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw classifySlackError(error);
  }
}

export function createSlackPoster(client: webApi.WebClient): SlackPoster {
  const dmChannels = new Map<string, string>();
  return {
    async resolveChannel(destination) {
      if (destination.kind === 'channel') return { channelId: destination.channelId };
      const slackUserId =
        destination.slackUserId ?? (await call(() => client.users.lookupByEmail({ email: destination.email }))).user?.id;
      if (!slackUserId) throw new SlackPermanentError('users_not_found');
      const cached = dmChannels.get(slackUserId);
      if (cached) return { channelId: cached, slackUserId };
      const opened = await call(() => client.conversations.open({ users: slackUserId }));
      const channelId = opened.channel?.id;
      if (!channelId) throw new SlackPermanentError('channel_not_found');
      dmChannels.set(slackUserId, channelId);
      return { channelId, slackUserId };
    },
    async post(channelId, message) {
      // oxlint-disable-next-line unicorn/require-post-message-target-origin -- Slack's chat.postMessage, not window.postMessage
      const result = await call(() => client.chat.postMessage({ channel: channelId, text: message.text, blocks: message.blocks, unfurl_links: false, unfurl_media: false }));
      return { ts: result.ts ?? '' };
    },
  };
}
