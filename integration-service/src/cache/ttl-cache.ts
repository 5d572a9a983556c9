/** Options of {@link createTtlCache}. */
export interface TtlCacheOptions {
  /** How long a loaded value is served, ms (a load may shorten it for its own value). */
  ttlMs: number;
  /** Values kept at most; the least recently stored go first. Default 10 000. */
  maxEntries?: number;
  /** The clock, epoch ms (tests move it). */
  now?: () => number;
}

/** What a load returns: the value, and optionally a shorter lifetime for it. */
export interface Loaded<T> {
  value: T;
  /** Epoch ms after which this value must not be served (capped by the cache's TTL). */
  expiresAt?: number;
}

/**
 * A read-through cache of values loaded from the database, for reads far more frequent than
 * writes. Concurrent misses of one key share one load; a load that throws is not kept.
 */
export interface TtlCache<T> {
  /** The cached value of `key`, else the result of `load()` (stored unless `key` was invalidated meanwhile). */
  get(key: string, load: () => Promise<Loaded<T>>): Promise<T>;
  /**
   * `get` for many keys with one load for all the missing ones (a batch: one query, not one per
   * key); keys already loading are awaited, not loaded again. Every key is in the answer.
   */
  getMany(keys: readonly string[], loadMany: (missing: string[]) => Promise<ReadonlyMap<string, Loaded<T>>>): Promise<Map<string, T>>;
  /** Forgets `key`, and keeps a load already running for it from being stored. */
  invalidate(key: string): void;
  /** Forgets everything (e.g. after invalidation messages may have been missed). */
  clear(): void;
  readonly size: number;
}

interface Entry<T> {
  value: T;
  expiresAt: number;
}

export function createTtlCache<T>(options: TtlCacheOptions): TtlCache<T> {
  const { ttlMs } = options;
  const maxEntries = options.maxEntries ?? 10_000;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry<T>>();
  const loading = new Map<string, Promise<T>>();
  // Bumped by every invalidation: a load that started under an older generation read data
  // that may predate the change, so its result is handed to its callers but not kept.
  const generations = new Map<string, number>();
  let epoch = 0;

  const generationOf = (key: string) => `${epoch}:${generations.get(key) ?? 0}`;

  function store(key: string, loaded: Loaded<T>, startedAt: number) {
    const expiresAt = Math.min(startedAt + ttlMs, loaded.expiresAt ?? Number.POSITIVE_INFINITY);
    if (expiresAt <= now()) return;
    entries.delete(key);
    entries.set(key, { value: loaded.value, expiresAt });
    if (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
  }

  /** The fresh cached value, or a load already running for `key`. */
  function known(key: string): T | Promise<T> | undefined {
    const entry = entries.get(key);
    if (entry !== undefined) {
      if (entry.expiresAt > now()) return entry.value;
      entries.delete(key);
    }
    return loading.get(key);
  }

  /** Runs `load` for `key` as the one load in flight for it, storing what it gives unless invalidated meanwhile. */
  function startLoad(key: string, load: () => Promise<Loaded<T>>): Promise<T> {
    const generation = generationOf(key);
    const startedAt = now();
    const promise = load().then(
      (loaded) => {
        if (loading.get(key) === promise) loading.delete(key);
        if (generationOf(key) === generation) store(key, loaded, startedAt);
        return loaded.value;
      },
      (error: unknown) => {
        if (loading.get(key) === promise) loading.delete(key);
        throw error;
      },
    );
    loading.set(key, promise);
    return promise;
  }

  return {
    get(key, load) {
      const value = known(key);
      if (value !== undefined) return Promise.resolve(value);
      return startLoad(key, load);
    },
    async getMany(keys, loadMany) {
      const pending = new Map<string, T | Promise<T>>();
      const missing: string[] = [];
      for (const key of new Set(keys)) {
        const value = known(key);
        if (value === undefined) missing.push(key);
        else pending.set(key, value);
      }
      if (missing.length > 0) {
        const bulk = loadMany(missing);
        for (const key of missing) {
          pending.set(
            key,
            startLoad(key, async () => {
              const loaded = (await bulk).get(key);
              if (loaded === undefined) throw new Error(`getMany's load gave nothing for ${key}`);
              return loaded;
            }),
          );
        }
      }
      const values = await Promise.all([...pending].map(async ([key, value]) => [key, await value] as const));
      return new Map(values);
    },
    invalidate(key) {
      entries.delete(key);
      loading.delete(key);
      generations.set(key, (generations.get(key) ?? 0) + 1);
      // Bounded: starting a new epoch instead voids every load in flight, which is always safe.
      if (generations.size > maxEntries) {
        generations.clear();
        epoch += 1;
      }
    },
    clear() {
      entries.clear();
      loading.clear();
      generations.clear();
      epoch += 1;
    },
    get size() {
      return entries.size;
    },
  };
}
