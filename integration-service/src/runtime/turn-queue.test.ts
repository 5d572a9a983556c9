import { describe, expect, it } from 'vitest';
import { createTurnQueue } from './turn-queue.ts';

/** Holds the thread for `ms`, as parsing a page does. */
const hold = (ms: number) => {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
};

describe('turn queue', () => {
  it('runs one task per event-loop turn, so a timer due meanwhile fires between two tasks, not after all of them', async () => {
    const queue = createTurnQueue();
    const order: string[] = [];
    setTimeout(() => order.push('timer'), 5);
    const tasks = ['a', 'b', 'c'].map((name) =>
      queue.run(() => {
        hold(20);
        order.push(name);
        return name.toUpperCase();
      }),
    );
    expect(queue.pending).toBe(3);
    expect(await Promise.all(tasks)).toEqual(['A', 'B', 'C']);
    expect(order).toEqual(['a', 'timer', 'b', 'c']);
    expect(queue.pending).toBe(0);
  });

  it('rejects the promise of a task that throws and still runs the ones after it', async () => {
    const queue = createTurnQueue();
    const failed = queue.run(() => {
      throw new Error('unparseable page');
    });
    const next = queue.run(() => 42);
    await expect(failed).rejects.toThrow('unparseable page');
    expect(await next).toBe(42);
  });
});
