import { describe, expect, it } from 'vitest';
import { createMemoryWindowCounter } from './window-counter.ts';

describe('the in-memory window counter (no Redis)', () => {
  it('counts hits per key within a window and starts over when it ends', async () => {
    let now = 1_000_000;
    const counter = createMemoryWindowCounter(() => now);
    expect(await counter.hit('k:reads', 60_000)).toEqual({ count: 1, resetAtMs: 1_060_000 });
    now += 59_999;
    expect((await counter.hit('k:reads', 60_000)).count).toBe(2);
    expect((await counter.hit('other:reads', 60_000)).count).toBe(1);
    now += 1;
    expect(await counter.hit('k:reads', 60_000)).toEqual({ count: 1, resetAtMs: 1_120_000 });
  });

  it('counts several hits at once (a batch of enrichments)', async () => {
    const counter = createMemoryWindowCounter(() => 0);
    expect((await counter.hit('k:enrichments', 60_000, 200)).count).toBe(200);
    expect((await counter.hit('k:enrichments', 60_000)).count).toBe(201);
  });
});
