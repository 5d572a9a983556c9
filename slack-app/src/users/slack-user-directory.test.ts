import { describe, expect, it } from 'vitest';
import type { webApi } from '@slack/bolt';
import { type PartnerForgeClient, PartnerForgeApiError } from '@partnerforge/shared/client';
import { createSlackUserDirectory } from './slack-user-directory.ts';

function slackWith(emails: Record<string, string | undefined>) {
  const asked: string[] = [];
  const client = {
    users: {
      info: async ({ user }: { user: string }) => {
        asked.push(user);
        return { ok: true, user: { id: user, profile: { email: emails[user] } } };
      },
    },
  } as unknown as webApi.WebClient;
  return { client, asked };
}

function serviceKnowing(users: Record<string, 'ae' | 'sdr'>, failWith?: PartnerForgeApiError) {
  return {
    lookupUser: async (email: string) => {
      if (failWith) throw failWith;
      const role = users[email];
      if (!role) throw new PartnerForgeApiError('not_found', 404, 'No user');
      return { id: `id-${email}`, email, role, team: null };
    },
  } as unknown as PartnerForgeClient;
}

describe('Slack user directory', () => {
  it('maps a Slack user to a PartnerForge user by e-mail and caches the answer', async () => {
    let clock = 0;
    const slack = slackWith({ U1: 'ada@acme.com' });
    const directory = createSlackUserDirectory({ partnerForge: serviceKnowing({ 'ada@acme.com': 'sdr' }), now: () => clock, knownTtlMs: 1000 });
    expect(await directory.resolve(slack.client, 'U1')).toMatchObject({ kind: 'known', user: { email: 'ada@acme.com', role: 'sdr' } });
    await directory.resolve(slack.client, 'U1');
    expect(slack.asked).toEqual(['U1']);
    clock = 1001;
    await directory.resolve(slack.client, 'U1');
    expect(slack.asked).toEqual(['U1', 'U1']);
  });

  it('calls a user unknown when PartnerForge has no such user or Slack shows no e-mail', async () => {
    const directory = createSlackUserDirectory({ partnerForge: serviceKnowing({}) });
    const slack = slackWith({ U2: 'bob@acme.com', U3: undefined });
    expect(await directory.resolve(slack.client, 'U2')).toEqual({ kind: 'unknown', slackUserId: 'U2', email: 'bob@acme.com' });
    expect(await directory.resolve(slack.client, 'U3')).toEqual({ kind: 'unknown', slackUserId: 'U3' });
  });

  it('does not mistake a service outage for an unknown user', async () => {
    const directory = createSlackUserDirectory({ partnerForge: serviceKnowing({}, new PartnerForgeApiError('unavailable', 0, 'down')) });
    await expect(directory.resolve(slackWith({ U4: 'c@acme.com' }).client, 'U4')).rejects.toMatchObject({ code: 'unavailable' });
  });
});
