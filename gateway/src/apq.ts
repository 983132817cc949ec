import type { Cache } from '@emporium/kit';

/** Time an automatically persisted query stays registered after its last registration (24 h). */
export const APQ_TTL_SECONDS = 86_400;

/**
 * Apollo Server's KeyValueCache over the kit's cache, so automatic persisted queries live in Redis when there is one
 * (shared by every gateway replica; a Redis outage reads as a miss, and the client simply resends the full query)
 * and in an in-process LRU otherwise.
 */
export function apqStore(cache: Cache) {
  return {
    async get(key: string): Promise<string | undefined> {
      return cache.get<string>(key);
    },
    async set(key: string, value: string, options?: { ttl?: number | null }): Promise<void> {
      await cache.set(key, value, options?.ttl ?? APQ_TTL_SECONDS);
    },
    async delete(key: string): Promise<void> {
      await cache.delete(key);
    },
  };
}
