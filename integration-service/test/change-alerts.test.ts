import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import nock from 'nock';
import { fetch } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AlertDeliveryJobSchema, AlertListSchema, AlertRuleSchema, ChangeListSchema, IntelHistorySchema, type Alert } from '@partnerforge/shared/schemas';
import { readSavedPage, startLocalSites, type LocalSites } from '../src/providers/website/__fixtures__/fixture-sites.ts';
import { runAlertsMatchJob } from '../src/alerts/alerts-match.job.ts';
import { addUser, createApiKeyForUser } from '../src/users/users.service.ts';
import { createApiCaller } from './support/api-client.ts';
import { YAHOO_URL, yahooListedCompany } from './support/provider-stand-ins.ts';
import { TEST_REDIS_URL } from './support/test-env.ts';
import { startTestService, type TestService } from './support/test-service.ts';

// The Globe Daily is enriched twice. Between the runs its CFO changes (Yahoo Finance: John
// Smith → Jane Doe) and its homepage drops the Swiftype (Elasticsearch) site search.
const DOMAIN = 'globe-daily.com';
const SIGNING_KEY = 'test-brief-signing-key-0123456789abcdef';
let sites: LocalSites;
let searchOnSite = true;

function homepage(): { headers: Record<string, string | string[]>; body: string } {
  const page = readSavedPage('aem-swiftype');
  if (searchOnSite) return page;
  const body = page.body.replace(/<script type="text\/javascript">\s*var Swiftype[\s\S]*?<\/script>\s*<script[^>]*swiftype\.com\/embed\.js[^>]*><\/script>/, '');
  if (body.includes('swiftype.com')) throw new Error('the fixture changed: the Swiftype snippet is no longer where this test removes it');
  return { ...page, body };
}

const officers = (cfo: string) => [
  { name: 'Mr. Alan Reed', title: 'Chief Executive Officer & Director' },
  { name: cfo, title: 'Executive VP & CFO' },
  { name: 'Ms. Priya Nair', title: 'General Counsel' },
];

beforeAll(async () => {
  sites = await startLocalSites((host, path, res) => {
    if (host.replace(/^www\./, '') !== DOMAIN || path !== '/') return void res.writeHead(404).end();
    const page = homepage();
    res.writeHead(200, page.headers).end(page.body);
  });
  nock.disableNetConnect();
  nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost'));
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
  nock.enableNetConnect();
  await sites?.close();
});

describe('what changed: two enrichments, change events, alerts to the assigned AE', () => {
  let t: TestService;
  let redis: Redis;
  let ae: Awaited<ReturnType<typeof createApiCaller>>;
  let aeId: string;
  let managerId: string;

  beforeAll(async () => {
    t = await startTestService({
      database: 'postgres',
      redis: true,
      env: {
        PF_HTTP_RESOLVE: sites.pins([DOMAIN]),
        YAHOO_FINANCE_URL: YAHOO_URL,
        PF_PROVIDER_RETRY_BASE_MS: '10',
        PF_PROVIDER_RATE_LIMITS: 'yahoo-finance=100,website=100',
        PF_BRIEF_SIGNING_KEY: SIGNING_KEY,
        PF_PUBLIC_URL: 'https://pf.example.com',
      },
    });
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
    const db = t.service.runtime.db;
    ae = await createApiCaller(t, 'ae@example.com', 'ae');
    const aeUser = await db.updateTable('users').set({ slack_user_id: 'U012AE' }).where('email', '=', 'ae@example.com').returning('id').executeTakeFirstOrThrow();
    aeId = aeUser.id;
    managerId = (await addUser(db, { email: 'manager@example.com', role: 'manager', team: 'Sales' })).id;
    await addUser(db, { email: 'other-ae@example.com', role: 'ae', team: 'Sales' });
    // The account belongs to the AE (an owner assignment), as a Salesforce pull would record it.
    const account = await db.insertInto('accounts').values({ domain: DOMAIN, name: 'The Globe Daily', salesforce_id: '001000000000001AAA', owner_user_id: aeId }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('account_assignments').values({ account_id: account.id, user_id: aeId, role: 'owner' }).execute();
  });
  afterAll(async () => {
    await redis?.quit();
    await t?.stop();
  });

  it('lets an AE and a manager set up alert rules', async () => {
    // Two personal rules that both match the search vendor change: still one alert per change.
    const mine = await ae.call('/v1/alert-rules', { method: 'POST', body: JSON.stringify({ name: 'My accounts', minSignificance: 'medium', channels: ['in_app', 'slack'] }) });
    expect(mine.status).toBe(201);
    const mineRule = AlertRuleSchema.parse(await mine.json());
    expect(mineRule).toMatchObject({ owner: { type: 'user', userId: aeId }, scope: 'my_accounts', frequency: 'immediate', enabled: true });
    const search = await ae.call('/v1/alert-rules', { method: 'POST', body: JSON.stringify({ name: 'Search moves', scope: 'domains', domains: ['https://www.Globe-Daily.com/news'], categories: ['search_vendor_change'], minSignificance: 'high' }) });
    expect(AlertRuleSchema.parse(await search.json())).toMatchObject({ domains: [DOMAIN], channels: ['in_app'] });

    // An AE may not watch every account, nor make team rules.
    const refused = await ae.call('/v1/alert-rules', { method: 'POST', body: JSON.stringify({ name: 'Everything', scope: 'all' }) });
    expect(refused.status).toBe(403);
    for (const [body, path] of [[{ name: 'Urgent', minSignificance: 'urgent' }, 'minSignificance'], [{ name: 'No domains', scope: 'domains' }, 'domains']] as const) {
      const invalid = await ae.call('/v1/alert-rules', { method: 'POST', body: JSON.stringify(body) });
      expect(invalid.status).toBe(400);
      expect(((await invalid.json()) as { error: { details: { issues: Array<{ path: string }> } } }).error.details.issues.map((i) => i.path)).toEqual([path]);
    }

    // The manager's team rule: every critical change on any account, in the app only.
    await createApiKeyForUser(t.service.runtime.db, { email: 'manager@example.com' }).then(async ({ key }) => {
      const res = await fetch(`${t.baseUrl}/v1/alert-rules`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Critical, whole team', forTeam: true, scope: 'all', minSignificance: 'critical' }),
      });
      expect(res.status).toBe(201);
      expect(AlertRuleSchema.parse(await res.json()).owner.type).toBe('team');
    });
    const temporary = AlertRuleSchema.parse(await (await ae.call('/v1/alert-rules', { method: 'POST', body: JSON.stringify({ name: 'Temporary' }) })).json());
    expect((await ae.call(`/v1/alert-rules/${temporary.id}`, { method: 'DELETE' })).status).toBe(204);
    expect((await ae.call(`/v1/alert-rules/${temporary.id}`, { method: 'PATCH', body: JSON.stringify({ enabled: false }) })).status).toBe(404);
    const listed = (await (await ae.call('/v1/alert-rules')).json()) as { rules: unknown[] };
    expect(listed.rules).toHaveLength(3); // the AE's two and their team's

    const patched = await ae.call(`/v1/alert-rules/${mineRule.id}`, { method: 'PATCH', body: JSON.stringify({ name: 'My accounts (medium+)' }) });
    expect(patched.status).toBe(200);
    expect(AlertRuleSchema.parse(await patched.json()).name).toBe('My accounts (medium+)');
  });

  it('finds a critical "search vendor removed" and a high "executive change", each alerting the AE once', async () => {
    // Run 1: Swiftype on the homepage, John Smith as CFO.
    const first = yahooListedCompany(DOMAIN, 'GLBE', 'Globe Daily Media Group plc', { officers: officers('Mr. John Smith') });
    expect((await ae.waitForJob((await ae.enrich({ domain: DOMAIN })).jobId)).status).toBe('completed');
    first.done();
    const before = await (await ae.call(`/v1/intel/${DOMAIN}`)).json();
    expect(before).toMatchObject({ searchVendor: 'Elasticsearch', financials: { ticker: 'GLBE' } });

    // Run 2, forced: the search snippet is gone and Jane Doe is CFO. The session with Yahoo is kept.
    searchOnSite = false;
    const second = yahooListedCompany(DOMAIN, 'GLBE', 'Globe Daily Media Group plc', { officers: officers('Jane Doe'), session: false });
    const rerun = await ae.waitForJob((await ae.enrich({ domain: DOMAIN, force: true })).jobId);
    expect(rerun.status).toBe('completed');
    second.done();

    // History: both versions of both modules, the second ones carrying the change events.
    const history = IntelHistorySchema.parse(await (await ae.call(`/v1/intel/${DOMAIN}/history?limit=50`)).json());
    const changes = history.entries.flatMap((entry) => entry.changes);
    const vendorRemoved = changes.find((c) => c.category === 'search_vendor_change');
    const newCfo = changes.find((c) => c.category === 'executive_change' && c.field === 'executives.cfo');
    expect(vendorRemoved).toMatchObject({ significance: 'critical', module: 'website.fingerprint', oldValue: 'Elasticsearch', newValue: null, summary: expect.stringContaining('Search vendor removed: Elasticsearch') });
    expect(newCfo).toMatchObject({ significance: 'high', module: 'financials.yahoo', oldValue: 'John Smith', newValue: 'Jane Doe', summary: 'New CFO: Jane Doe (replacing John Smith)' });
    expect(vendorRemoved?.whyItMatters).toBeTruthy();
    const fingerprintVersions = history.entries.filter((e) => e.module === 'website.fingerprint');
    expect(fingerprintVersions.map((e) => [e.version, e.highestSignificance])).toEqual([[2, 'critical'], [1, null]]);
    // Nothing else moved: the CEO and the other officer are the same people, merely re-listed.
    expect(changes.filter((c) => c.module === 'financials.yahoo').map((c) => c.field)).toEqual(['executives.cfo']);

    // Paging walks the same timeline without repeats.
    const page1 = IntelHistorySchema.parse(await (await ae.call(`/v1/intel/${DOMAIN}/history?limit=3`)).json());
    const page2 = IntelHistorySchema.parse(await (await ae.call(`/v1/intel/${DOMAIN}/history?limit=50&cursor=${page1.nextCursor}`)).json());
    expect([...page1.entries, ...page2.entries].map((e) => e.snapshotId)).toEqual(history.entries.map((e) => e.snapshotId));

    // The feed of the AE's accounts, high and above since before the first run.
    const feed = ChangeListSchema.parse(await (await ae.call('/v1/changes?significance=high&since=2020-01-01T00:00:00Z')).json());
    expect(feed.changes.map((c) => c.id).sort()).toEqual([vendorRemoved?.id, newCfo?.id].sort());
    expect((await ae.call('/v1/changes?scope=all')).status).toBe(403);

    // Alerts: matching runs as a job after the enrichment; wait for it.
    const alertsOf = async (call: typeof ae.call) => AlertListSchema.parse(await (await call('/v1/alerts?limit=200')).json()).alerts;
    await expect.poll(async () => (await alertsOf(ae.call)).filter((a) => a.changeEventId === newCfo?.id || a.changeEventId === vendorRemoved?.id).length, { timeout: 20_000, interval: 200 }).toBe(2);
    const alerts = await alertsOf(ae.call);
    const byEvent = (id: string | undefined) => alerts.filter((a: Alert) => a.changeEventId === id);
    expect(byEvent(vendorRemoved?.id)).toEqual([expect.objectContaining({ significance: 'critical', category: 'search_vendor_change', status: 'unread', deliveredChannels: ['in_app'], deliveryStatus: 'pending' })]);
    expect(byEvent(newCfo?.id)).toEqual([expect.objectContaining({ significance: 'high', title: 'New CFO: Jane Doe (replacing John Smith)' })]);

    // Matching again (a retried job) raises nothing new.
    const db = t.service.runtime.db;
    await runAlertsMatchJob({ db }, { kind: 'enrichment', enrichmentJobId: rerun.jobId });
    const perRecipient = await db.selectFrom('alerts').select(['recipient_user_id', 'change_event_id']).where('change_event_id', 'in', [vendorRemoved?.id as string, newCfo?.id as string]).execute();
    expect(perRecipient.filter((a) => a.recipient_user_id === aeId)).toHaveLength(2);
    // The team rule (critical, every account) reached each member of the team once for the
    // vendor change; the CFO change (high) only the AE, whose own rule covers their account.
    expect(perRecipient.filter((a) => a.recipient_user_id === managerId).map((a) => a.change_event_id)).toEqual([vendorRemoved?.id]);
    expect(perRecipient.filter((a) => a.change_event_id === vendorRemoved?.id)).toHaveLength(3);
    expect(perRecipient.filter((a) => a.change_event_id === newCfo?.id).map((a) => a.recipient_user_id)).toEqual([aeId]);

    // Slack: one DM delivery per alert of the AE, on the Slack app's queue, with a signed brief link.
    const queue = new Queue('alerts.deliver', { connection: redis, prefix: t.config.redis.prefix });
    try {
      const jobs = (await queue.getJobs(['waiting', 'delayed', 'prioritized'])).map((job) => AlertDeliveryJobSchema.parse(job.data));
      const forAe = jobs.filter((job) => job.recipient.email === 'ae@example.com' && job.domain === DOMAIN && job.significance !== 'low');
      expect(forAe.map((job) => job.dedupeKey).sort()).toEqual([`change:${newCfo?.id}`, `change:${vendorRemoved?.id}`].sort());
      expect(forAe[0]).toMatchObject({ recipient: { slackUserId: 'U012AE' }, frequency: 'immediate' });
      const brief = forAe[0]?.links.find((link) => link.label === 'Pre-call brief')?.url ?? '';
      expect(brief).toMatch(/^https:\/\/pf\.example\.com\/briefs\/globe-daily\.com\?token=\d+\.[\w-]{43}$/);
      expect(t.service.runtime.briefLinks.verify(DOMAIN, new URL(brief).searchParams.get('token') ?? undefined)).toBe(true);
      // The in-app-only manager gets no Slack delivery; no worker here consumed the queue.
      expect(jobs.some((job) => job.recipient.email === 'manager@example.com')).toBe(false);
    } finally {
      await queue.close();
    }

    // The AE marks one read, then acted.
    const alertId = byEvent(vendorRemoved?.id)[0]?.id;
    const read = await ae.call(`/v1/alerts/${alertId}`, { method: 'PATCH', body: JSON.stringify({ status: 'acted' }) });
    expect(read.status).toBe(200);
    expect(((await read.json()) as Alert).status).toBe('acted');
    expect(AlertListSchema.parse(await (await ae.call('/v1/alerts?status=acted')).json()).alerts.map((a) => a.id)).toEqual([alertId]);
  }, 90_000);
});
