import nock from 'nock';
import { fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPartnerForgeClient } from '@partnerforge/shared/client';
import type { EnrichmentAccepted, EnrichmentJob } from '@partnerforge/shared/schemas';
import { type PartnerForgeService, startPartnerForgeService } from './support/partnerforge-service.ts';
import { type ProspectSites, startProspectSites } from './support/prospect-sites.ts';
import { type SlackDouble, type RecordedResponse, interceptSlack } from './support/slack-double.ts';
import { buttonClickPayload, postEvent, postInteraction, postSlashCommand, slashCommandFields } from './support/slack-requests.ts';
import { SIGNING_SECRET, type TestSlackApp, startTestSlackApp } from './support/test-slack-app.ts';

// Signed slash commands and interactions posted over HTTP to the running Bolt app, which talks
// to the real integration service (a separate `pf serve` process enriching local copies of
// prospect sites); Slack's Web API and every response_url are intercepted by nock.

const ADMIN = 'ops@acme.com';
const SDR = 'sdr@acme.com';
/** Slack user → e-mail. Several Slack ids per person, so the identity cache never hides a step. */
const EMAILS: Record<string, string | undefined> = {
  U0ADMIN1: ADMIN,
  U0ADMIN2: ADMIN,
  U0ADMIN3: ADMIN,
  U0ADMIN4: ADMIN,
  U0ADMIN5: ADMIN,
  U0SDR1: SDR,
  U0STRANGER: 'stranger@acme.com',
  U0NOEMAIL: undefined,
};

let sites: ProspectSites;
let service: PartnerForgeService;
let slack: SlackDouble;
let app: TestSlackApp;

async function enrichThroughTheApi(domain: string): Promise<void> {
  const headers = { authorization: `Bearer ${service.serviceKey}`, 'content-type': 'application/json' };
  const res = await fetch(`${service.baseUrl}/v1/enrichments`, { method: 'POST', headers, body: JSON.stringify({ domain }) });
  expect(res.status).toBe(202);
  const { jobId } = (await res.json()) as EnrichmentAccepted;
  await vi.waitFor(
    async () => {
      const job = (await (await fetch(`${service.baseUrl}/v1/enrichments/${jobId}`, { headers })).json()) as EnrichmentJob;
      expect(job.status).toBe('completed');
    },
    { timeout: 30_000, interval: 100 },
  );
}

async function intelOf(domain: string): Promise<{ lastEnrichedAt: string }> {
  const res = await fetch(`${service.baseUrl}/v1/intel/${domain}`, { headers: { authorization: `Bearer ${service.serviceKey}` } });
  return (await res.json()) as { lastEnrichedAt: string };
}

/** Sends `/pf <text>` as `userId`; returns the ack and the command's response_url. */
async function pf(userId: string, text: string, target = app) {
  const fields = slashCommandFields(userId, text);
  const ack = await postSlashCommand(target.baseUrl, SIGNING_SECRET, fields);
  return { ack, url: fields.response_url as string };
}

/** Waits for a post to `url` that matches, and returns it. */
async function waitForResponse(url: string, matches: (r: RecordedResponse) => boolean, timeout = 20_000): Promise<RecordedResponse> {
  return vi.waitFor(
    () => {
      const found = slack.responsesTo(url).find(matches);
      if (!found) throw new Error(`no matching response yet; got ${JSON.stringify(slack.responsesTo(url).map((r) => r.body.text))}`);
      return found;
    },
    { timeout, interval: 50 },
  );
}
const isCard = (r: RecordedResponse) => Array.isArray(r.body.blocks);
const cardText = (r: RecordedResponse) => JSON.stringify(r.body.blocks);

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
  sites = await startProspectSites();
  service = await startPartnerForgeService(
    [
      { email: ADMIN, role: 'admin', team: 'Sales' },
      { email: SDR, role: 'sdr', team: 'Sales' },
    ],
    { PF_HTTP_RESOLVE: sites.pins },
  );
  await enrichThroughTheApi('acme-shop.com');
  slack = interceptSlack(EMAILS);
  app = await startTestSlackApp({ serviceUrl: service.baseUrl, serviceKey: service.serviceKey });
});

afterAll(async () => {
  await app?.stop();
  slack?.stop();
  await service?.stop();
  await sites?.close();
  nock.enableNetConnect();
});

describe('/pf over HTTP', () => {
  it('acknowledges at once, before any lookup or enrichment work, then answers through respond()', async () => {
    const releaseSlack = slack.hold('U0ADMIN1');
    const { ack, url } = await pf('U0ADMIN1', 'harbor-dental.com');

    expect(ack.status).toBe(200);
    expect(ack.json).toEqual({ response_type: 'ephemeral', text: ':mag: Looking up harbor-dental.com…' });
    // The ack left while the Slack user lookup (the first step of the work) was still unanswered:
    // no enrichment was requested and the site was never fetched.
    expect(sites.requests.filter((r) => r.startsWith('harbor-dental.com'))).toEqual([]);
    expect(slack.responsesTo(url)).toEqual([]);

    releaseSlack();
    const card = await waitForResponse(url, isCard);
    expect(card.body).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(card.body.text).toContain('harbor-dental.com');
    expect(sites.requests.filter((r) => r.startsWith('harbor-dental.com')).length).toBeGreaterThan(0);
  });

  it('shows the card of an already enriched domain right away, with no enrichment', async () => {
    const fetchesBefore = sites.requests.length;
    const { ack, url } = await pf('U0ADMIN2', 'https://www.acme-shop.com/collections/all');
    expect(ack.json).toMatchObject({ text: ':mag: Looking up acme-shop.com…' });

    const card = await waitForResponse(url, isCard);
    // The card is the first answer: no progress message, no fetch of the site.
    expect(slack.responsesTo(url)).toHaveLength(1);
    expect(sites.requests.length).toBe(fetchesBefore);
    const blocks = cardText(card);
    expect(blocks).toContain('acme-shop.com');
    expect(blocks).toContain('*Score*\\n47/100');
    expect(blocks).toContain(':large_blue_circle: Cool');
    expect(blocks).toContain('+40 Commerce vertical');
    expect(blocks).toContain('*Search vendor:* :mag: *Algolia*');
    expect(blocks).toContain(':handshake: *Shopify*');
    // An admin sees financials (none are public for this shop).
    expect(blocks).toContain('*Financial highlights*\\n_No public financials found_');
    expect(blocks).toContain('https://partnerforge.acme.test/briefs/acme-shop.com');
    expect(blocks).toContain('https://acme.my.salesforce.com/_ui/search/ui/UnifiedSearchResults?searchType=2&str=acme-shop.com');
    expect(blocks).toContain('"action_id":"pf_reenrich"');
  });

  it('follows a slow enrichment with spaced progress updates, then the card', async () => {
    const releaseSite = sites.hold('globe-daily.com');
    const started = Date.now();
    const { ack, url } = await pf('U0ADMIN3', 'globe-daily.com');
    expect(ack.json).toMatchObject({ text: ':mag: Looking up globe-daily.com…' });

    const progress = await waitForResponse(url, (r) => r.body.text?.includes('Enriching globe-daily.com') ?? false);
    expect(progress.at - started).toBeGreaterThanOrEqual(1000);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    releaseSite();

    const card = await waitForResponse(url, isCard);
    expect(cardText(card)).toContain('globe-daily.com');
    const posts = slack.responsesTo(url);
    // response_url takes 5 posts; progress updates are at least the configured 1 s apart.
    expect(posts.length).toBeLessThanOrEqual(5);
    const updates = posts.filter((r) => !isCard(r));
    expect(updates.length).toBeGreaterThanOrEqual(1);
    for (let i = 1; i < updates.length; i++) expect((updates[i]?.at ?? 0) - (updates[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(900);
    expect(posts.at(-1)).toBe(card);
  });

  it.each([
    ['', 'Which company? Try `/pf costco.com`'],
    ['costco', '`costco` is not a company domain ("costco" is a bare word without a public suffix such as .com)'],
    ['two words', 'One company at a time'],
    ['ftp://costco.com', 'is not a company domain (Scheme "ftp:" is not supported'],
    ['10.1.2.3', '`10.1.2.3` is an internal or private address'],
    ['http://192.168.0.10/admin', 'is an internal or private address'],
    ['localhost', '`localhost` is an internal or private address'],
    ['wiki.intranet.corp', '`wiki.intranet.corp` is an internal or private address'],
    ['8.8.8.8', '`8.8.8.8` is an IP address'],
    ['help', '`/pf costco.com` shows the account'],
  ])('answers %j in the ack itself: %s', async (text, expected) => {
    const { ack, url } = await pf('U0ADMIN4', text);
    expect(ack.status).toBe(200);
    expect((ack.json as { text: string }).text).toContain(expected);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(slack.responsesTo(url)).toEqual([]);
  });

  it('explains to an unknown user, or one without a visible e-mail, that they get nothing', async () => {
    const stranger = await pf('U0STRANGER', 'acme-shop.com');
    const refusal = await waitForResponse(stranger.url, () => true);
    expect(refusal.body.text).toContain('You are not a PartnerForge user yet (I looked for stranger@acme.com)');
    expect(refusal.body.blocks).toBeUndefined();

    const hidden = await pf('U0NOEMAIL', 'acme-shop.com');
    expect((await waitForResponse(hidden.url, () => true)).body.text).toContain("can't see an e-mail address on your Slack profile");
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect([...slack.responsesTo(stranger.url), ...slack.responsesTo(hidden.url)]).toHaveLength(2);
  });

  it('hides financials from an SDR: the section is absent, not empty', async () => {
    const { url } = await pf('U0SDR1', 'acme-shop.com');
    const blocks = cardText(await waitForResponse(url, isCard));
    expect(blocks).toContain('*Search vendor:* :mag: *Algolia*');
    expect(blocks).not.toContain('Financial');
  });

  it('refuses a forged signature and a request older than five minutes', async () => {
    const forgedFields = slashCommandFields('U0ADMIN4', 'acme-shop.com');
    const forged = await postSlashCommand(app.baseUrl, SIGNING_SECRET, forgedFields, { signature: `v0=${'0'.repeat(64)}` });
    expect(forged.status).toBe(401);
    const wrongSecret = await postSlashCommand(app.baseUrl, 'another-secret', slashCommandFields('U0ADMIN4', 'acme-shop.com'));
    expect(wrongSecret.status).toBe(401);
    const staleFields = slashCommandFields('U0ADMIN4', 'acme-shop.com');
    const stale = await postSlashCommand(app.baseUrl, SIGNING_SECRET, staleFields, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    // Four and a half minutes is still inside the window.
    const recent = await postSlashCommand(app.baseUrl, SIGNING_SECRET, slashCommandFields('U0ADMIN4', 'help'), { timestamp: Math.floor(Date.now() / 1000) - 270 });
    expect(recent.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect([...slack.responsesTo(forgedFields.response_url as string), ...slack.responsesTo(staleFields.response_url as string)]).toEqual([]);
  });

  it('re-enriches from the card button and replaces the card', async () => {
    const before = await intelOf('acme-shop.com');
    const payload = buttonClickPayload('U0ADMIN2', 'pf_reenrich', 'acme-shop.com');
    const ack = await postInteraction(app.baseUrl, SIGNING_SECRET, payload);
    expect(ack.status).toBe(200);
    const url = payload.response_url as string;
    expect((await waitForResponse(url, () => true)).body).toMatchObject({ text: ':arrows_counterclockwise: Re-enriching acme-shop.com…', replace_original: true });
    const card = await waitForResponse(url, isCard);
    expect(card.body.replace_original).toBe(true);
    // Forced although the intel was fresh: a new enrichment ran (its score is newer).
    expect((await intelOf('acme-shop.com')).lastEnrichedAt > before.lastEnrichedAt).toBe(true);
  });

  it('acknowledges link buttons, and refuses an unsigned interaction', async () => {
    const click = await postInteraction(app.baseUrl, SIGNING_SECRET, buttonClickPayload('U0ADMIN2', 'pf_open_brief', 'acme-shop.com'));
    expect(click.status).toBe(200);
    const forged = await postInteraction(app.baseUrl, SIGNING_SECRET, buttonClickPayload('U0ADMIN2', 'pf_reenrich', 'acme-shop.com'), { signature: 'v0=00' });
    expect(forged.status).toBe(401);
  });

  it('publishes App Home with the accounts the user looked up, hottest first', async () => {
    const res = await postEvent(app.baseUrl, SIGNING_SECRET, { type: 'app_home_opened', user: 'U0ADMIN2', channel: 'D0HOME', tab: 'home', event_ts: '1700000000.1' });
    expect(res.status).toBe(200);
    const publish = await vi.waitFor(
      () => {
        const call = slack.calls.find((c) => c.method === 'views.publish' && c.form.get('user_id') === 'U0ADMIN2');
        if (!call) throw new Error('views.publish not called yet');
        return call;
      },
      { timeout: 10_000, interval: 50 },
    );
    const view = JSON.parse(publish.form.get('view') ?? '{}') as { type: string; blocks: unknown[] };
    expect(view.type).toBe('home');
    expect(JSON.stringify(view.blocks)).toContain('acme-shop.com · 47/100 · search: Algolia');
  });
});

describe('/pf when the service cannot help', () => {
  it('says the service is down when it cannot be reached', async () => {
    const down = await startTestSlackApp({ serviceUrl: 'http://127.0.0.1:9', serviceKey: 'pf_unused' });
    try {
      const { ack, url } = await pf('U0ADMIN5', 'acme-shop.com', down);
      expect(ack.json).toMatchObject({ text: ':mag: Looking up acme-shop.com…' });
      expect((await waitForResponse(url, () => true)).body.text).toContain("PartnerForge can't be reached right now");
    } finally {
      await down.stop();
    }
  });

  it('says a budget cap stopped the enrichment', async () => {
    // The service's answers, recorded in its real shapes, for a team over its monthly cap.
    const api = nock('http://pf-budget.test')
      .get('/v1/users/lookup')
      .query({ email: ADMIN })
      .reply(200, { id: '4f9a3c1e-0000-4000-8000-000000000001', email: ADMIN, role: 'ae', team: { id: '4f9a3c1e-0000-4000-8000-000000000002', name: 'Sales' } })
      .get('/v1/intel/costco.com')
      .reply(404, { error: { code: 'not_found', message: 'No intel on costco.com yet; enrich it first' } })
      .post('/v1/enrichments', { domain: 'costco.com' })
      .reply(402, { error: { code: 'budget_exceeded', message: 'The monthly budget of team Sales is used up' } });
    const partnerForge = createPartnerForgeClient({ baseUrl: 'http://pf-budget.test', apiKey: 'pf_budgettest_x', fetch: globalThis.fetch });
    const capped = await startTestSlackApp({ serviceUrl: 'http://pf-budget.test', serviceKey: 'pf_budgettest_x', partnerForge });
    try {
      const { url } = await pf('U0ADMIN5', 'costco.com', capped);
      expect((await waitForResponse(url, () => true)).body.text).toContain("Your team's PartnerForge budget cap is reached");
      api.done();
    } finally {
      await capped.stop();
    }
  });
});
