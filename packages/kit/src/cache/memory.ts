import { LRUCache } from 'lru-cache';
import { decodeCacheValue, encodeCacheValue, type Cache, type CacheEntry } from './types.ts';

/** Options for {@link createMemoryCache}. */
export interface MemoryCacheOptions {
  /** Maximum number of entries before least-recently-used ones are evicted (default 10 000). */
  maxEntries?: number;
  /** Key prefix, so several logical caches can share one process without clashing. */
  namespace?: string;
}

/**
 * An in-process LRU cache with per-entry TTL (lru-cache). Values are stored as JSON text,
 * so callers get a fresh copy on every read, exactly like the Redis cache.
 */
export function createMemoryCache(opts: MemoryCacheOptions = {}): Cache {
  const lru = new LRUCache<string, string>({ max: opts.maxEntries ?? 10_000 });
  const prefix = opts.namespace ? `${opts.namespace}:` : '';
  const k = (key: string) => prefix + key;

  const setOne = (key: string, value: unknown, ttlSeconds: number): void => {
    const encoded = encodeCacheValue(value, ttlSeconds);
    if (encoded === undefined) lru.delete(k(key));
    else lru.set(k(key), encoded, { ttl: Math.ceil(ttlSeconds * 1000) });
  };

  return {
    async get<T>(key: string) {
      return decodeCacheValue<T>(lru.get(k(key)));
    },
    async getMany<T>(keys: readonly string[]) {
      return keys.map((key) => decodeCacheValue<T>(lru.get(k(key))));
    },
    async set<T>(key: string, value: T, ttlSeconds: number) {
      setOne(key, value, ttlSeconds);
    },
    async setMany<T>(entries: readonly CacheEntry<T>[]) {
      for (const e of entries) setOne(e.key, e.value, e.ttlSeconds);
    },
    async delete(...keys: string[]) {
      for (const key of keys) lru.delete(k(key));
    },
    async close() {
      lru.clear();
    },
  };
}
