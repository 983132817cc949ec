import { errorFields, rateLimitedWarn, silentLogger, type Logger } from '../events/logger.ts';
import { closeRedis, openRedis, RedisTimeoutError, withTimeout } from '../events/redis-connection.ts';
import { decodeCacheValue, encodeCacheValue, type Cache, type CacheEntry } from './types.ts';

/** Options for {@link createRedisCache}. */
export interface RedisCacheOptions {
  url: string;
  /** Key prefix (`<namespace>:<key>`); required so services never clash on a shared Redis. */
  namespace: string;
  logger?: Logger;
  /** Upper bound for any cache call, after which it resolves as a miss/no-op (default 250 ms). */
  commandTimeoutMs?: number;
  /** After a timeout, Redis is skipped for this long so a hung server costs one timeout, not one per call (default 1 000 ms). */
  cooldownMs?: number;
}

/**
 * A Redis-backed {@link Cache}. It never throws and never blocks callers for longer than
 * `commandTimeoutMs`: while Redis is unreachable reads miss and writes are dropped (a warning
 * is logged at most every 10 s), and it starts using Redis again as soon as it reconnects.
 * Creating it while Redis is down returns immediately-usable, degraded cache.
 */
export async function createRedisCache(opts: RedisCacheOptions): Promise<Cache> {
  if (!opts.namespace) throw new Error('createRedisCache: namespace is required');
  const logger = opts.logger ?? silentLogger;
  const timeoutMs = opts.commandTimeoutMs ?? 250;
  const cooldownMs = opts.cooldownMs ?? 1_000;
  const warn = rateLimitedWarn(logger);
  const client = await openRedis({ url: opts.url, logger, name: 'cache', initialWaitMs: timeoutMs });
  const k = (key: string) => `${opts.namespace}:${key}`;
  let skipUntil = 0;
  let closed = false;

  /** Runs a Redis call with the timeout; any failure yields `fallback` and a rate-limited warning. */
  async function guard<T>(op: string, fallback: T, run: () => Promise<T>): Promise<T> {
    if (closed || Date.now() < skipUntil) return fallback;
    try {
      return await withTimeout(run(), timeoutMs, `cache ${op}`);
    } catch (err) {
      if (err instanceof RedisTimeoutError) skipUntil = Date.now() + cooldownMs;
      warn(op, { namespace: opts.namespace, op, ...errorFields(err) }, 'redis cache unavailable; degrading');
      return fallback;
    }
  }

  const setArgs = (e: CacheEntry<unknown>): string[] => {
    const encoded = encodeCacheValue(e.value, e.ttlSeconds);
    return encoded === undefined
      ? ['DEL', k(e.key)]
      : ['SET', k(e.key), encoded, 'PX', String(Math.ceil(e.ttlSeconds * 1000))];
  };

  return {
    get<T>(key: string) {
      return guard('get', undefined, async () => decodeCacheValue<T>(await client.get(k(key))));
    },
    async getMany<T>(keys: readonly string[]) {
      if (keys.length === 0) return [];
      const misses = keys.map(() => undefined);
      return guard<(T | undefined)[]>('getMany', misses, async () =>
        (await client.mGet(keys.map(k))).map((raw) => decodeCacheValue<T>(raw)),
      );
    },
    set<T>(key: string, value: T, ttlSeconds: number) {
      return guard('set', undefined, async () => {
        await client.sendCommand(setArgs({ key, value, ttlSeconds }));
      });
    },
    async setMany<T>(entries: readonly CacheEntry<T>[]) {
      if (entries.length === 0) return;
      await guard('setMany', undefined, async () => {
        const multi = client.multi();
        for (const e of entries) multi.addCommand(setArgs(e));
        await multi.execAsPipeline();
      });
    },
    async delete(...keys: string[]) {
      if (keys.length === 0) return;
      await guard('delete', undefined, async () => {
        await client.del(keys.map(k));
      });
    },
    async close() {
      closed = true;
      await closeRedis(client);
    },
  };
}
