import { afterEach, describe, expect, it, vi } from 'vitest';
import { createRecentMemo } from './recent-memo.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('createRecentMemo', () => {
  it('shares one load among callers while it runs', async () => {
    const memo = createRecentMemo<string>();
    let loads = 0;
    const resolvers: Array<(value: string) => void> = [];
    const load = () => {
      loads++;
      return new Promise<string>((resolve) => resolvers.push(resolve));
    };
    const first = memo.get('acme.com', load);
    const second = memo.get('acme.com', load);
    for (const resolve of resolvers) resolve('page');
    expect(await Promise.all([first, second])).toEqual(['page', 'page']);
    expect(loads).toBe(1);
  });

  it('reuses a value within the window, loads again after it', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const memo = createRecentMemo<number>({ windowMs: 60_000 });
    let loads = 0;
    const load = async () => ++loads;
    expect(await memo.get('acme.com', load)).toBe(1);
    vi.setSystemTime(Date.now() + 59_000);
    expect(await memo.get('acme.com', load)).toBe(1);
    vi.setSystemTime(Date.now() + 2_000);
    expect(await memo.get('acme.com', load)).toBe(2);
  });

  it('forgets a failed load, so the next caller tries again', async () => {
    const memo = createRecentMemo<string>();
    await expect(memo.get('acme.com', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await memo.get('acme.com', async () => 'up')).toBe('up');
  });

  it('keeps keys apart and at most maxEntries of them', async () => {
    const memo = createRecentMemo<string>({ maxEntries: 2 });
    let loads = 0;
    const load = (value: string) => async () => {
      loads++;
      return value;
    };
    await memo.get('a.com', load('a'));
    await memo.get('b.com', load('b'));
    await memo.get('c.com', load('c'));
    expect(await memo.get('c.com', load('c2'))).toBe('c');
    expect(await memo.get('a.com', load('a2'))).toBe('a2');
    expect(loads).toBe(4);
  });

  it('never evicts a load still running: more keys in flight than maxEntries still share one load each', async () => {
    const memo = createRecentMemo<string>({ maxEntries: 2 });
    const releases: Array<() => void> = [];
    let loads = 0;
    const slowLoad = (value: string) => () => {
      loads++;
      return new Promise<string>((resolve) => releases.push(() => resolve(value)));
    };
    const first = ['a.com', 'b.com', 'c.com', 'd.com'].map((key) => memo.get(key, slowLoad(key)));
    // The second reader of each page arrives while all four are loading.
    const second = ['a.com', 'b.com', 'c.com', 'd.com'].map((key) => memo.get(key, slowLoad(`${key} again`)));
    expect(loads).toBe(4);
    for (const release of releases) release();
    expect(await Promise.all(second)).toEqual(await Promise.all(first));
    // Settled, the oldest go again until maxEntries remain.
    await memo.get('e.com', async () => 'e');
    expect(await memo.get('a.com', async () => 'a2')).toBe('a2');
  });
});
