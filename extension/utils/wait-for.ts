export interface WaitForOptions {
  signal?: AbortSignal;
  /** Give up after this long, ms. */
  timeoutMs: number;
  /** Between reads, ms (default 150). */
  intervalMs?: number;
}

/**
 * Reads `read()` until it gives a value (not null) or time runs out; null on timeout or abort.
 * Pages like Lightning and LinkedIn render after their URL changes, in pieces: polling is simpler
 * and as reliable as observing mutations across their shadow roots.
 */
export async function waitForValue<T>(read: () => T | null, options: WaitForOptions): Promise<T | null> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (options.signal?.aborted) return null;
    const value = read();
    if (value !== null) return value;
    if (Date.now() >= deadline) return null;
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 150));
  }
}
