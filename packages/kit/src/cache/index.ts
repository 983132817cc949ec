import { silentLogger, type Logger } from '../events/logger.ts';
import { createMemoryCache } from './memory.ts';
import { createRedisCache } from './redis.ts';
import type { Cache } from './types.ts';

export type { Cache, CacheEntry } from './types.ts';
export { createMemoryCache, type MemoryCacheOptions } from './memory.ts';
export { createRedisCache, type RedisCacheOptions } from './redis.ts';

/** A Redis cache when `redisUrl` is set, otherwise an in-process LRU cache. */
export async function createCache(opts: { redisUrl?: string; namespace: string; logger?: Logger }): Promise<Cache> {
  if (opts.redisUrl) {
    return createRedisCache({ url: opts.redisUrl, namespace: opts.namespace, logger: opts.logger ?? silentLogger });
  }
  return createMemoryCache({ namespace: opts.namespace });
}
