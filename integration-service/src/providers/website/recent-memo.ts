/** Options of {@link createRecentMemo}. */
export interface RecentMemoOptions {
  /** How long a settled value is reused after it settled, ms. Default 60 000. */
  windowMs?: number;
  /** Settled values kept at most; the oldest go first. Loads still running are never evicted. Default 32. */
  maxEntries?: number;
}

/** Shares one load per key among callers that ask while it runs or shortly after. */
export interface RecentMemo<T> {
  /** The value loading or loaded for `key` within the window, else a new `load()`. */
  get(key: string, load: () => Promise<T>): Promise<T>;
}

export const DEFAULT_MEMO_WINDOW_MS = 60_000;
export const DEFAULT_MEMO_MAX_ENTRIES = 32;

interface Entry<T> {
  promise: Promise<T>;
  /** Epoch ms after which the entry is stale; Infinity while loading. */
  expiresAt: number;
}

/**
 * An in-flight and recent-results memo: a failed load is forgotten at once (the next caller
 * retries), a successful one is reused for `windowMs`. Bounded by `maxEntries`, since a
 * value may be a multi-megabyte page.
 */
export function createRecentMemo<T>(options: RecentMemoOptions = {}): RecentMemo<T> {
  const windowMs = options.windowMs ?? DEFAULT_MEMO_WINDOW_MS;
  const maxEntries = options.maxEntries ?? DEFAULT_MEMO_MAX_ENTRIES;
  const entries = new Map<string, Entry<T>>();

  return {
    get(key, load) {
      const now = Date.now();
      for (const [k, entry] of entries) if (entry.expiresAt <= now) entries.delete(k);
      const existing = entries.get(key);
      if (existing !== undefined) return existing.promise;

      const entry: Entry<T> = { promise: load(), expiresAt: Number.POSITIVE_INFINITY };
      entries.set(key, entry);
      // Oldest settled entries first; an in-flight one stays, or a second caller of its key
      // would start a second load (a second fetch of the same page).
      for (const [k, old] of entries) {
        if (entries.size <= maxEntries) break;
        if (old.expiresAt !== Number.POSITIVE_INFINITY) entries.delete(k);
      }
      entry.promise.then(
        () => {
          entry.expiresAt = Date.now() + windowMs;
        },
        () => {
          if (entries.get(key) === entry) entries.delete(key);
        },
      );
      return entry.promise;
    },
  };
}
