import { setTimeout as delay } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL, randomPrefix } from '../../test/support/test-env.ts';
import { createCapturedLogger } from '../../test/support/log-capture.ts';
import { createInvalidationBus, type InvalidationBus } from './invalidation-bus.ts';

const closers: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const close of closers.toReversed()) await close();
});

async function busOn(prefix: string): Promise<InvalidationBus> {
  const redis = new Redis(TEST_REDIS_URL);
  const bus = await createInvalidationBus({ redis, prefix, logger: createCapturedLogger().logger });
  closers.push(() => redis.quit(), () => bus.close());
  return bus;
}

describe('invalidation bus', () => {
  it('delivers a publish once in its own process (at once, not again as its Redis echo) and once in every other', async () => {
    const prefix = randomPrefix();
    const [here, there] = [await busOn(prefix), await busOn(prefix)];
    const seenHere: Array<string | undefined> = [];
    const seenThere: Array<string | undefined> = [];
    here.subscribe('intel', (key) => seenHere.push(key));
    there.subscribe('intel', (key) => seenThere.push(key));

    here.publish('intel', 'echo-shop.com');
    expect(seenHere).toEqual(['echo-shop.com']);
    for (let waited = 0; seenThere.length === 0 && waited < 2_000; waited += 20) await delay(20);
    // Room for the echo to arrive, were it not skipped.
    await delay(100);
    expect(seenThere).toEqual(['echo-shop.com']);
    expect(seenHere).toEqual(['echo-shop.com']);
  });
});
