import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { createCache, createRedisCache } from '../../src/cache/index.ts';
import { cacheSuite } from './cache-suite.ts';

const url = process.env.REDIS_URL;

/** Deletes every key under `namespace:` on the shared Redis. */
async function deleteNamespace(redisUrl: string, namespace: string): Promise<void> {
  const client = createClient({ url: redisUrl });
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `${namespace}:*`, COUNT: 500 })) {
      if (keys.length > 0) await client.del(keys);
    }
  } finally {
    client.destroy();
  }
}

describe.skipIf(!url)('Redis cache (REDIS_URL)', () => {
  cacheSuite('redis', {
    create: (namespace) => createRedisCache({ url: url!, namespace }),
    cleanup: (namespace) => deleteNamespace(url!, namespace),
  });

  it('stores keys as <namespace>:<key> with a TTL', async () => {
    const namespace = `emporium-test:cache:${crypto.randomUUID()}`;
    const cache = await createCache({ redisUrl: url!, namespace });
    const raw = createClient({ url: url! });
    await raw.connect();
    try {
      await cache.set('k', { a: 1 }, 30);
      expect(await raw.get(`${namespace}:k`)).toBe('{"a":1}');
      const ttl = await raw.pTTL(`${namespace}:k`);
      expect(ttl).toBeGreaterThan(25_000);
      expect(ttl).toBeLessThanOrEqual(30_000);
    } finally {
      await deleteNamespace(url!, namespace);
      raw.destroy();
      await cache.close();
    }
  });
});
