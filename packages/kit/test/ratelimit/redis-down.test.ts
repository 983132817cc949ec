import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/events/logger.ts';
import { createRedisRateLimiter, type RateLimiter, type RedisFailureMode } from '../../src/ratelimit/rate-limiter.ts';
import { hasRedisServer, startRedisServer, type TestRedisServer } from '../../src/testing/redis.ts';
import { testClock } from './suite.ts';

const available = hasRedisServer();
if (!available) console.warn('skipping Redis-down rate limiter tests: no redis-server binary on PATH');

function recordingLogger(): Logger & { warnings: object[] } {
  const warnings: object[] = [];
  return { warnings, warn: (obj) => void warnings.push(obj), info() {}, error() {} };
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!available)('Redis rate limiter while Redis is down', () => {
  let server: TestRedisServer;
  const limiters: Partial<Record<RedisFailureMode, RateLimiter>> = {};
  const logger = recordingLogger();
  const clock = testClock();
  const rule = { limit: 3, windowSeconds: 60 };

  beforeAll(async () => {
    server = await startRedisServer();
    for (const mode of ['local', 'open', 'closed'] as const) {
      limiters[mode] = await createRedisRateLimiter({ url: server.url, namespace: `down-${mode}`, logger, now: clock.now, onRedisError: mode, commandTimeoutMs: 250 });
    }
  });
  afterAll(async () => {
    for (const l of Object.values(limiters)) await l?.close();
    await server?.stop();
  });

  it('uses Redis while it is up', async () => {
    for (const l of Object.values(limiters)) await eventually(async () => !(await l.peek('up', rule)).degraded);
    const d = await limiters.local!.consume('up', rule);
    expect(d).toMatchObject({ allowed: true, degraded: false, remaining: 2 });
  });

  it('decides by its failure mode while Redis is stopped, then goes back to Redis', async () => {
    await limiters.local!.consume('k', rule); // 1 attempt counted in Redis
    await server.stop();
    // local: an in-process limiter with the same rule still limits (it starts from zero).
    const local = [];
    for (let i = 0; i < 4; i++) local.push(await limiters.local!.consume('k', rule));
    expect(local.map((d) => [d.allowed, d.degraded])).toEqual([[true, true], [true, true], [true, true], [false, true]]);
    expect(local[3]!.retryAfterSeconds).toBeGreaterThan(0);
    // open: everything allowed; closed: everything refused — both flagged degraded.
    for (let i = 0; i < 5; i++) expect(await limiters.open!.consume('k', rule)).toMatchObject({ allowed: true, degraded: true });
    expect(await limiters.closed!.consume('k', rule)).toMatchObject({ allowed: false, degraded: true });
    expect((await limiters.closed!.consume('k', rule)).retryAfterSeconds).toBeGreaterThan(0);
    await expect(limiters.local!.reset('k', rule)).resolves.toBeUndefined();
    // The outage is logged once per operation, not once per call.
    expect(logger.warnings.filter((w) => (w as { mode?: string }).mode === 'open').length).toBe(1);

    await server.restart(); // same port, empty data
    await eventually(async () => !(await limiters.local!.consume('k', rule)).degraded);
    await eventually(async () => !(await limiters.closed!.peek('k', rule)).degraded);
    expect(await limiters.closed!.consume('fresh', rule)).toMatchObject({ allowed: true, degraded: false });
  });

  it('falls back instead of waiting while the server hangs', async () => {
    server.pause();
    try {
      const d = await limiters.local!.consume('hang', rule);
      expect(d).toMatchObject({ allowed: true, degraded: true });
      // During the cool-down after a timeout it does not try Redis again.
      expect((await limiters.local!.consume('hang', rule)).degraded).toBe(true);
    } finally {
      server.resume();
    }
    await eventually(async () => !(await limiters.local!.peek('hang', rule)).degraded);
  });

  it('can be created while Redis is down and connects later', async () => {
    await server.stop();
    const late = await createRedisRateLimiter({ url: server.url, namespace: 'late', logger, now: clock.now });
    try {
      expect((await late.consume('x', rule)).degraded).toBe(true);
      await server.restart();
      await eventually(async () => !(await late.consume('x', rule)).degraded);
    } finally {
      await late.close();
    }
  });
});
