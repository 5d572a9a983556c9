import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AccountActivityStore, MAX_CHANGES_PER_DOMAIN, MAX_INTERESTS_PER_USER, createMemoryActivityStore } from './account-activity.ts';
import { createRedisActivityStore } from './redis-activity-store.ts';

const REDIS_URL = process.env.PF_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `pftest-activity-${randomBytes(6).toString('hex')}`;
let redis: Redis;

beforeAll(() => {
  redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

const change = (n: number, domain = 'costco.com') => ({
  dedupeKey: `change-${n}`,
  domain,
  category: 'executive_change',
  significance: 'high' as const,
  title: `Change ${n}`,
  occurredAt: new Date(Date.UTC(2026, 10, 1, 0, n)).toISOString(),
});

describe.each([
  ['Redis', () => createRedisActivityStore({ redis, prefix: `${prefix}-${randomBytes(3).toString('hex')}` })],
  ['memory', () => createMemoryActivityStore()],
])('account activity in %s', (_name, create: () => AccountActivityStore) => {
  it('keeps each change once, newest first, up to the cap per domain', async () => {
    const store = create();
    for (let n = 1; n <= MAX_CHANGES_PER_DOMAIN + 5; n++) await store.recordChange(change(n));
    await store.recordChange(change(3));
    await store.recordChange(change(1, 'walmart.com'));
    const recent = await store.recentChanges('costco.com', 100);
    expect(recent).toHaveLength(MAX_CHANGES_PER_DOMAIN);
    expect(recent.slice(0, 2).map((c) => c.dedupeKey)).toEqual([`change-${MAX_CHANGES_PER_DOMAIN + 5}`, `change-${MAX_CHANGES_PER_DOMAIN + 4}`]);
    expect(await store.recentChanges('walmart.com', 3)).toEqual([change(1, 'walmart.com')]);
  });

  it("remembers each user's accounts, most recent first, up to the cap", async () => {
    const store = create();
    for (let n = 0; n < MAX_INTERESTS_PER_USER + 3; n++) await store.recordInterest('U1', `d${n}.com`, new Date(Date.UTC(2026, 0, 1, 0, n)));
    await store.recordInterest('U1', 'd0.com', new Date(Date.UTC(2026, 1, 1)));
    const interests = await store.interests('U1', 100);
    expect(interests).toHaveLength(MAX_INTERESTS_PER_USER);
    expect(interests.slice(0, 2)).toEqual(['d0.com', `d${MAX_INTERESTS_PER_USER + 2}.com`]);
    expect(await store.interests('U2', 5)).toEqual([]);
  });
});
