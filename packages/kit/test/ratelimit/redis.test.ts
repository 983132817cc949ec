import { createClient } from 'redis';
import { describe, expect, it } from 'vitest';
import { createRateLimiter, createRedisRateLimiter } from '../../src/ratelimit/rate-limiter.ts';
import { rateLimiterSuite, testClock } from './suite.ts';

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

describe.skipIf(!url)('Redis rate limiter (REDIS_URL)', () => {
  const namespace = `emporium-test:ratelimit:${crypto.randomUUID()}`;
  rateLimiterSuite('redis', (now) => createRedisRateLimiter({ url: url!, namespace, now }), () => deleteNamespace(url!, namespace));

  it('is what createRateLimiter gives with a Redis URL; counters expire after two windows', async () => {
    const ns = `emporium-test:ratelimit:${crypto.randomUUID()}`;
    const clock = testClock();
    clock.set(15_000); // a quarter into the window
    const limiter = await createRateLimiter({ redisUrl: url!, namespace: ns, now: clock.now });
    const raw = createClient({ url: url! });
    await raw.connect();
    try {
      expect(limiter.kind).toBe('redis');
      expect((await limiter.consume('k', { limit: 3, windowSeconds: 60 })).degraded).toBe(false);
      const keys: string[] = [];
      for await (const batch of raw.scanIterator({ MATCH: `${ns}:*` })) keys.push(...batch);
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(new RegExp(`^${ns.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\{k\\}:60:\\d+$`));
      expect(await raw.get(keys[0]!)).toBe('1');
      // It lives until the end of the next window: 2 × 60 s − 15 s.
      const ttl = await raw.pTTL(keys[0]!);
      expect(ttl).toBeGreaterThan(100_000);
      expect(ttl).toBeLessThanOrEqual(105_000);
    } finally {
      raw.destroy();
      await limiter.close();
      await deleteNamespace(url!, ns);
    }
  });

  it('shares counters between limiters (replicas) on the same namespace', async () => {
    const ns = `emporium-test:ratelimit:${crypto.randomUUID()}`;
    const clock = testClock();
    const a = await createRedisRateLimiter({ url: url!, namespace: ns, now: clock.now });
    const b = await createRedisRateLimiter({ url: url!, namespace: ns, now: clock.now });
    try {
      const rule = { limit: 4, windowSeconds: 60 };
      const all = await Promise.all([a, b, a, b, a, b, a, b].map((l) => l.consume('shared', rule)));
      expect(all.filter((d) => d.allowed)).toHaveLength(4);
    } finally {
      await a.close();
      await b.close();
      await deleteNamespace(url!, ns);
    }
  });
});
