import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@partnerforge/migrations/testing';
import { AlertDeliveryJobSchema } from '@partnerforge/shared/schemas';
import type { Db } from '../database/database.ts';
import { insertSnapshot } from '../enrichment/snapshots.repository.ts';
import { recordSnapshotChanges } from '../history/record-changes.ts';
import type { JobQueue } from '../jobs/job-queue.ts';
import { addUser } from '../users/users.service.ts';
import { runAlertsMatchJob } from './alerts-match.job.ts';

let db: Db;
const ids: Record<string, string> = {};
const enqueued: Array<{ name: string; payload: unknown; jobId?: string }> = [];
const enqueue: JobQueue['enqueue'] = async (name, payload, options) => {
  enqueued.push({ name, payload, jobId: options?.jobId });
  return { id: options?.jobId ?? String(enqueued.length), deduplicated: false };
};
const deps = () => ({ db, enqueue, links: { brief: (domain: string) => `https://pf.example.com/briefs/${domain}?token=1.x`, salesforceAccount: (id: string) => `https://acme.my.salesforce.com/lightning/r/Account/${id}/view` } });

async function seed(): Promise<void> {
  for (const [key, email, role, team] of [
    ['west', 'west@example.com', 'ae', 'West'],
    ['east', 'east@example.com', 'ae', 'East'],
    ['westManager', 'west-lead@example.com', 'manager', 'West'],
    ['admin', 'admin@example.com', 'admin', undefined],
  ] as const) {
    ids[key] = (await addUser(db, { email, role, team })).id;
  }
  const west = await db.insertInto('territories').values({ name: 'West retail', filters: JSON.stringify({ region: 'US-West', vertical: 'Commerce', min_score: 60 }) }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('territory_members').values({ territory_id: west.id, user_id: ids.west as string }).execute();
  await db.insertInto('accounts').values([
    { domain: 'sunset-shop.com', region: 'us-west', vertical: 'commerce', score: 72, salesforce_id: '001000000000002AAA' },
    { domain: 'tiny-shop.com', region: 'US-West', vertical: 'Commerce', score: 30 },
  ]).execute();
}

/** A search vendor removal on `domain`, recorded like an enrichment job would. */
async function vendorRemoved(domain: string): Promise<string> {
  const job = await db.insertInto('enrichment_jobs').values({ domain, trigger: 'api' }).returning('id').executeTakeFirstOrThrow();
  for (const [searchVendor, at] of [['Coveo', '2026-10-01T00:00:00Z'], [null, '2026-11-01T00:00:00Z']] as const) {
    const data = { technologies: [], searchVendor, partnerPlatforms: [] };
    const stored = await insertSnapshot(db, { domain, module: 'website.fingerprint', provider: 'website', data, sourceUrl: `https://${domain}/`, fetchedAt: new Date(at), jobId: job.id });
    await recordSnapshotChanges(db, { id: stored.id, domain, module: 'website.fingerprint', version: stored.version, data });
  }
  return job.id;
}

// PostgreSQL in production, PGlite in the embedded default: the same SQL must hold on both.
describe.each(['postgres', 'pglite'] as const)('raising alerts on %s', (kind) => {
  let closeDb: () => Promise<void>;
  beforeAll(async () => {
    const testDb = await createTestDatabase(kind);
    db = testDb.db;
    closeDb = testDb.close;
    await seed();
  });
  afterAll(async () => closeDb?.());

  it('reaches territory members whose filters the account meets, and posts once to a rule channel', async () => {
    await db.insertInto('alert_rules').values([
      { owner_user_id: ids.west as string, name: 'My territory', scope: 'my_territory', min_significance: 'high', channels: ['in_app', 'slack'], slack_channel_id: 'C0WEST' },
      { owner_user_id: ids.east as string, name: 'My territory', scope: 'my_territory', min_significance: 'high' },
    ]).execute();
    enqueued.length = 0;
    const matched = await runAlertsMatchJob(deps(), { kind: 'enrichment', enrichmentJobId: await vendorRemoved('sunset-shop.com') });
    expect(matched).toEqual({ alerts: 1 });
    const alerts = await db.selectFrom('alerts').selectAll().where('domain', '=', 'sunset-shop.com').execute();
    expect(alerts.map((a) => [a.recipient_user_id, a.category, a.significance, a.delivery_status])).toEqual([[ids.west, 'search_vendor_change', 'critical', 'pending']]);
    expect(enqueued).toHaveLength(1);
    const job = AlertDeliveryJobSchema.parse(enqueued[0]?.payload);
    expect(job).toMatchObject({ channelId: 'C0WEST', recipient: { email: 'west@example.com' }, dedupeKey: expect.stringMatching(/^change:/), domain: 'sunset-shop.com' });
    expect(job.links.map((l) => l.label)).toEqual(['Pre-call brief', 'Salesforce account']);
    expect(enqueued[0]?.jobId).not.toContain(':');

    // Below the territory's minimum score: nobody's territory.
    expect(await runAlertsMatchJob(deps(), { kind: 'enrichment', enrichmentJobId: await vendorRemoved('tiny-shop.com') })).toEqual({ alerts: 0 });
  });

  it("tells the team's managers and the admins once a month when a budget passes its threshold", async () => {
    const team = await db.selectFrom('teams').select('id').where('name', '=', 'West').executeTakeFirstOrThrow();
    const event = { kind: 'budget' as const, event: 'threshold' as const, teamId: team.id, provider: 'builtwith', limitUsd: 100, spentUsd: 80.1, occurredAt: '2026-11-20T10:00:00.000Z' };
    enqueued.length = 0;
    await runAlertsMatchJob(deps(), event);
    await runAlertsMatchJob(deps(), { ...event, spentUsd: 85, occurredAt: '2026-11-21T10:00:00.000Z' });
    const alerts = await db.selectFrom('alerts').selectAll().where('category', '=', 'budget_threshold').execute();
    expect(alerts.map((a) => a.recipient_user_id).sort()).toEqual([ids.westManager, ids.admin].sort());
    expect(alerts[0]).toMatchObject({ domain: 'budget', significance: 'high', title: "West's monthly budget for builtwith passed its alert threshold", body: '$80.10 of $100.00 spent in 2026-11.' });
    // Slack DMs for both (the second run found the same alerts still owed and re-offered them; the job ids are the same).
    expect(new Set(enqueued.map((e) => e.jobId)).size).toBe(2);
    expect(enqueued.every((e) => AlertDeliveryJobSchema.parse(e.payload).links.length === 0)).toBe(true);
  });

  it('tells the admins, once a day and reason, when the Salesforce API limit pauses the sync', async () => {
    const event = { kind: 'salesforce_api_limit' as const, reason: 'threshold' as const, used: 12_100, limit: 15_000, threshold: 0.8, pausedUntil: '2026-11-20T10:15:00.000Z', occurredAt: '2026-11-20T10:00:00.000Z' };
    expect(await runAlertsMatchJob(deps(), event)).toEqual({ alerts: 1 });
    // Re-armed later the same day: the same alert, not a second one.
    await runAlertsMatchJob(deps(), { ...event, used: 12_400, occurredAt: '2026-11-20T16:00:00.000Z' });
    const alerts = await db.selectFrom('alerts').selectAll().where('category', '=', 'salesforce_api_limit').execute();
    expect(alerts.map((a) => a.recipient_user_id)).toEqual([ids.admin]);
    expect(alerts[0]).toMatchObject({
      domain: 'salesforce',
      significance: 'high',
      title: 'Salesforce API usage passed 80% of the daily limit',
      body: '12,100 of 15,000 API requests used in the last 24 h. Scheduled pulls, pushes and refreshes wait until 10:15 UTC; write-backs for stage changes still go out.',
    });
    // Salesforce refusing requests is worse news, and its own alert.
    await runAlertsMatchJob(deps(), { ...event, reason: 'request_limit_exceeded', used: null, limit: null });
    const refused = await db.selectFrom('alerts').selectAll().where('category', '=', 'salesforce_api_limit').where('significance', '=', 'critical').execute();
    expect(refused.map((a) => [a.recipient_user_id, a.title])).toEqual([[ids.admin, 'Salesforce refused requests: the org reached its daily API limit']]);
    expect(refused[0]?.body).toBe('Salesforce refused a request for the API limit. Every Salesforce call waits until 10:15 UTC, stage-change write-backs included; intel in PartnerForge is unaffected.');
  });
});
