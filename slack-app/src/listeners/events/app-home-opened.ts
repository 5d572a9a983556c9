import type { AllMiddlewareArgs, SlackEventMiddlewareArgs, webApi } from '@slack/bolt';
import { isPartnerForgeApiError } from '@partnerforge/shared/client';
import { visibleIntelFor } from '../../access/role-visibility.ts';
import { type HomeAccount, type HomeInput, buildHomeView } from '../../views/home-builder.ts';
import type { ListenerContext } from '../listener-context.ts';

const HOME_ACCOUNTS = 10;

/** App Home: the user's hottest accounts and their recent changes, refreshed on each visit. */
export function appHomeOpened(ctx: ListenerContext) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab !== 'home') return;
    const input = await loadHome(ctx, client, event.user);
    await client.views.publish({ user_id: event.user, view: buildHomeView(input) });
  };
}

async function loadHome(ctx: ListenerContext, client: webApi.WebClient, slackUserId: string): Promise<HomeInput> {
  try {
    const identity = await ctx.users.resolve(client, slackUserId);
    if (identity.kind === 'unknown') return { kind: 'unknown', ...(identity.email ? { email: identity.email } : {}) };
    const domains = await ctx.activity.interests(slackUserId, HOME_ACCOUNTS);
    const accounts = await Promise.all(
      domains.map(async (domain): Promise<HomeAccount | undefined> => {
        try {
          const intel = await ctx.partnerForge.getIntel(domain, { actingForUserId: identity.user.id });
          return { intel: visibleIntelFor(intel, identity.user.role), changes: await ctx.activity.recentChanges(intel.domain, 2) };
        } catch (error) {
          // An account looked up but never enriched has nothing to show yet.
          // One the user may no longer read (reassigned outside their team) is left out too.
          if (isPartnerForgeApiError(error) && (error.code === 'not_found' || error.code === 'forbidden')) return undefined;
          throw error;
        }
      }),
    );
    return { kind: 'known', accounts: accounts.filter((a): a is HomeAccount => a !== undefined), now: (ctx.now ?? (() => new Date()))() };
  } catch (error) {
    ctx.logger.warn({ err: error, slackUserId }, 'could not load App Home');
    return { kind: 'unavailable' };
  }
}
