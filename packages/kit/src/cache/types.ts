/**
 * A key/value cache for JSON values. Implementations never throw for backend trouble:
 * a failing backend behaves like an empty cache (reads miss, writes are dropped).
 */
export interface Cache {
  /** The cached value, or `undefined` on a miss (or when the backend is unavailable). */
  get<T>(key: string): Promise<T | undefined>;
  /** Values for `keys`, in the same order; `undefined` for each miss. */
  getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]>;
  /**
   * Stores `value` (must be JSON-serialisable) for `ttlSeconds`. A `ttlSeconds` <= 0 or an
   * `undefined` value removes the key instead, so callers can pass computed TTLs without guards.
   */
  set<T>(key: string, value: T, ttlSeconds: number): Promise<void>;
  /** Stores several entries in one round trip (same rules as `set` per entry). */
  setMany<T>(entries: readonly CacheEntry<T>[]): Promise<void>;
  /** Removes the given keys (missing keys are ignored). */
  delete(...keys: string[]): Promise<void>;
  /** Releases connections/memory; the cache must not be used afterwards. */
  close(): Promise<void>;
}

/** One entry for `Cache.setMany`. */
export interface CacheEntry<T> {
  key: string;
  value: T;
  ttlSeconds: number;
}

/** Serialises a cache value, or returns `undefined` when it should not be stored. */
export function encodeCacheValue(value: unknown, ttlSeconds: number): string | undefined {
  if (value === undefined || !(ttlSeconds > 0)) return undefined;
  return JSON.stringify(value);
}

/** Parses a stored cache value; a corrupt entry reads as a miss. */
export function decodeCacheValue<T>(raw: string | null | undefined): T | undefined {
  if (raw === null || raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}
