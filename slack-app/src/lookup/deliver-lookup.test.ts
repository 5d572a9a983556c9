import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { webApi } from '@slack/bolt';
import type { EnrichmentJob } from '@partnerforge/shared/schemas';
import { costcoIntel } from '../__fixtures__/intel.ts';
import { createMemoryActivityStore } from '../activity/account-activity.ts';
import type { AccountLookup } from './account-lookup.ts';
import { createCardLinks } from './card-links.ts';
import { type LookupContext, deliverLookup } from './deliver-lookup.ts';

const running = (progress: number): EnrichmentJob => ({
  jobId: 'j1', domain: 'costco.com', status: 'running', progress, trigger: 'api', modules: {}, retryOf: null, createdAt: '', startedAt: null, finishedAt: null, intelUrl: '',
});

describe('deliverLookup', () => {
  it('posts at most three progress updates, spaced by the interval, then the card as the last of five', async () => {
    let clock = 0;
    const lookup: AccountLookup = {
      async lookup({ onProgress }) {
        // A long enrichment polled every 500 ms for a minute.
        for (let t = 1; t <= 120; t++) {
          clock += 500;
          onProgress?.(running(Math.min(99, t)));
          await new Promise((resolve) => setImmediate(resolve));
        }
        return { kind: 'intel', intel: costcoIntel, job: { ...running(100), status: 'completed' } };
      },
    };
    const posts: Array<{ text?: string; at: number }> = [];
    const ctx: LookupContext = {
      users: { resolve: async () => ({ kind: 'known', slackUserId: 'U1', user: { id: 'u1', email: 'a@acme.com', role: 'ae', team: null } }) },
      lookup,
      activity: createMemoryActivityStore(),
      links: createCardLinks({ publicUrl: 'https://pf.test' }),
      progressIntervalMs: 4000,
      logger: pino({ level: 'silent' }),
      now: () => new Date(clock),
    };
    await deliverLookup(ctx, {
      client: {} as webApi.WebClient,
      slackUserId: 'U1',
      domain: 'costco.com',
      respond: async (message) => {
        posts.push({ text: typeof message === 'string' ? message : message.text, at: clock });
        return new Response('ok');
      },
    });
    expect(posts).toHaveLength(4);
    expect(posts.slice(0, 3).map((p) => p.at)).toEqual([4000, 8000, 12000]);
    expect(posts[3]?.text).toBe('Costco Wholesale (costco.com): score 100, hot priority');
    expect(await ctx.activity.interests('U1', 5)).toEqual(['costco.com']);
  });
});
