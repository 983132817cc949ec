import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisCache, type Cache } from '../../src/cache/index.ts';
import type { Logger } from '../../src/events/logger.ts';
import { hasRedisServer, startRedisServer, type TestRedisServer } from '../../src/testing/redis.ts';

const available = hasRedisServer();
if (!available) console.warn('skipping Redis-down cache tests: no redis-server binary on PATH');

/** A logger that records warnings. */
function recordingLogger(): Logger & { warnings: object[] } {
  const warnings: object[] = [];
  return { warnings, warn: (obj) => void warnings.push(obj), info() {}, error() {} };
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - start };
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!available)('Redis cache while Redis is down', () => {
  let server: TestRedisServer;
  let cache: Cache;
  const logger = recordingLogger();

  beforeAll(async () => {
    server = await startRedisServer();
    cache = await createRedisCache({ url: server.url, namespace: 'down-test', logger, commandTimeoutMs: 250 });
  });

  afterAll(async () => {
    await cache?.close();
    await server?.stop();
  });

  it('degrades to misses and no-ops when the server dies, then recovers on restart', async () => {
    await cache.set('k', 'before', 60);
    expect(await cache.get('k')).toBe('before');

    await server.stop();
    for (let i = 0; i < 20; i++) {
      const read = await timed(() => cache.get('k'));
      expect(read.value).toBeUndefined();
      // Fails fast instead of queueing until Redis returns (bounds are loose: "does not hang", not a benchmark).
      expect(read.ms).toBeLessThan(5_000);
      const write = await timed(() => cache.set('k', i, 60));
      expect(write.ms).toBeLessThan(5_000);
    }
    expect(await cache.getMany(['k', 'j'])).toEqual([undefined, undefined]);
    await expect(cache.setMany([{ key: 'k', value: 1, ttlSeconds: 60 }])).resolves.toBeUndefined();
    await expect(cache.delete('k')).resolves.toBeUndefined();
    // 20 failing gets and 20 failing sets, but one warning each: warnings are rate-limited per operation.
    const warned = (op: string) => logger.warnings.filter((w) => (w as { op?: string }).op === op).length;
    expect(warned('get')).toBe(1);
    expect(warned('set')).toBe(1);

    await server.restart(); // same port, empty dataset
    await eventually(async () => {
      await cache.set('k', 'after', 60);
      return (await cache.get('k')) === 'after';
    });
  });

  it('answers at the command timeout while the server hangs, then skips Redis during the cool-down', async () => {
    const slowTimeout = await createRedisCache({ url: server.url, namespace: 'down-test', logger, commandTimeoutMs: 2_000, cooldownMs: 5_000 });
    await slowTimeout.set('h', 'v', 60);
    server.pause();
    try {
      const read = await timed(() => slowTimeout.get('h'));
      expect(read.value).toBeUndefined();
      expect(read.ms).toBeGreaterThanOrEqual(1_900);
      expect(read.ms).toBeLessThan(10_000);
      // A call that waited for Redis would take the full 2 s timeout; one that skips it returns well before.
      const next = await timed(() => slowTimeout.getMany(['h']));
      expect(next.value).toEqual([undefined]);
      expect(next.ms).toBeLessThan(1_000);
    } finally {
      server.resume();
    }
    await eventually(async () => (await slowTimeout.get('h')) === 'v');
    await slowTimeout.close();
  });

  it('can be created while Redis is down without hanging, and connects later', async () => {
    await server.stop();
    const created = await timed(() => createRedisCache({ url: server.url, namespace: 'late', logger }));
    const late = created.value;
    try {
      expect(created.ms).toBeLessThan(10_000);
      expect(await late.get('x')).toBeUndefined();
      await late.set('x', 1, 60);
      await server.restart();
      await eventually(async () => {
        await late.set('x', 2, 60);
        return (await late.get('x')) === 2;
      });
    } finally {
      await late.close();
    }
  });
});
