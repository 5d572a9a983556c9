import { describe, expect, it } from 'vitest';
import { createTtlCache } from './ttl-cache.ts';

const setUp = (ttlMs = 1_000, maxEntries?: number) => {
  let clock = 0;
  const cache = createTtlCache<string>({ ttlMs, maxEntries, now: () => clock });
  let loads = 0;
  const load = (value: string, expiresAt?: number) => async () => {
    loads += 1;
    return { value, expiresAt };
  };
  return { cache, load, loads: () => loads, tick: (ms: number) => (clock += ms) };
};

describe('createTtlCache', () => {
  it('serves a loaded value until its TTL, then loads again', async () => {
    const { cache, load, loads, tick } = setUp();
    expect(await cache.get('a', load('one'))).toBe('one');
    tick(999);
    expect(await cache.get('a', load('two'))).toBe('one');
    tick(1);
    expect(await cache.get('a', load('three'))).toBe('three');
    expect(loads()).toBe(2);
  });

  it('honours a shorter lifetime the load gives, and keeps nothing already expired', async () => {
    const { cache, load, tick } = setUp();
    await cache.get('a', load('one', 100));
    tick(100);
    expect(await cache.get('a', load('two', 0))).toBe('two');
    expect(await cache.get('a', load('three'))).toBe('three');
  });

  it('shares one load among concurrent misses and forgets a failed one', async () => {
    const { cache, load, loads } = setUp();
    const [x, y] = await Promise.all([cache.get('a', load('one')), cache.get('a', load('other'))]);
    expect([x, y, loads()]).toEqual(['one', 'one', 1]);
    await expect(cache.get('b', () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await cache.get('b', load('fine'))).toBe('fine');
  });

  it('drops an invalidated key, and does not keep a load that ran across the invalidation', async () => {
    const { cache, load } = setUp();
    await cache.get('a', load('one'));
    cache.invalidate('a');
    let resolveLoad: ((loaded: { value: string }) => void) | undefined;
    const slow = cache.get('a', () => new Promise((resolve) => (resolveLoad = resolve)));
    cache.invalidate('a');
    resolveLoad?.({ value: 'read before the change' });
    expect(await slow).toBe('read before the change');
    expect(await cache.get('a', load('after the change'))).toBe('after the change');
  });

  it('clears everything and evicts the oldest entry past maxEntries', async () => {
    const { cache, load } = setUp(1_000, 2);
    await cache.get('a', load('a'));
    await cache.get('b', load('b'));
    await cache.get('c', load('c'));
    expect(cache.size).toBe(2);
    expect(await cache.get('a', load('a again'))).toBe('a again');
    cache.clear();
    expect(cache.size).toBe(0);
  });

  it('loads all the missing keys of getMany at once, serves the cached ones, and shares a load in flight', async () => {
    const { cache, load } = setUp();
    await cache.get('a', load('cached a'));
    let releaseB!: () => void;
    const inFlightB = cache.get('b', () => new Promise((resolve) => (releaseB = () => resolve({ value: 'loading b' }))));
    const asked: string[][] = [];
    const many = cache.getMany(['a', 'b', 'c', 'd', 'c'], async (missing) => {
      asked.push(missing);
      return new Map(missing.map((key) => [key, { value: `bulk ${key}` }]));
    });
    releaseB();
    expect(await inFlightB).toBe('loading b');
    expect(await many).toEqual(new Map([['a', 'cached a'], ['b', 'loading b'], ['c', 'bulk c'], ['d', 'bulk d']]));
    expect(asked).toEqual([['c', 'd']]);
    expect(await cache.get('c', load('not loaded again'))).toBe('bulk c');
  });

  it('does not keep what getMany loaded across an invalidation of that key, and fails when the load leaves a key out', async () => {
    const { cache, load } = setUp();
    let release!: () => void;
    const many = cache.getMany(['a', 'b'], (missing) => new Promise((resolve) => (release = () => resolve(new Map(missing.map((key) => [key, { value: `old ${key}` }]))))));
    cache.invalidate('a');
    release();
    expect(await many).toEqual(new Map([['a', 'old a'], ['b', 'old b']]));
    expect(await cache.get('a', load('new a'))).toBe('new a');
    expect(await cache.get('b', load('new b'))).toBe('old b');
    await expect(cache.getMany(['x'], async () => new Map())).rejects.toThrow(/nothing for x/);
  });
});
