import { describe, expect, it } from 'vitest';
import { createMemoryRateLimiter, createRateLimiter, decideRate, windowPosition } from '../../src/ratelimit/rate-limiter.ts';
import { rateLimiterSuite, testClock } from './suite.ts';

describe('in-process rate limiter', () => {
  rateLimiterSuite('memory', async (now) => createMemoryRateLimiter({ now }));

  it('is what createRateLimiter gives without a Redis URL', async () => {
    const limiter = await createRateLimiter({ namespace: 'x' });
    expect(limiter.kind).toBe('memory');
    await limiter.close();
  });

  it('keeps at most maxKeys counters (least recently used dropped)', async () => {
    const clock = testClock();
    const limiter = createMemoryRateLimiter({ now: clock.now, maxKeys: 2 });
    const rule = { limit: 1, windowSeconds: 60 };
    await limiter.consume('a', rule);
    await limiter.consume('b', rule);
    await limiter.consume('c', rule);
    expect((await limiter.peek('a', rule)).allowed).toBe(true);
    expect((await limiter.peek('c', rule)).allowed).toBe(false);
  });
});

describe('sliding-window arithmetic', () => {
  it('places an instant in its window', () => {
    expect(windowPosition(90_000, 60)).toEqual({ index: 1, elapsed: 0.5, windowMs: 60_000 });
  });

  it('estimates previous × (1 − elapsed) + current', () => {
    const rule = { limit: 10, windowSeconds: 100 };
    // 8 × 0.75 + 2 = 8 → 2 left; a peek is allowed.
    expect(decideRate(8, 2, 0.25, rule, 0, false)).toEqual({ allowed: true, remaining: 2, retryAfterSeconds: 0 });
    // Full: 8 × 0.75 + 4 = 10; one more fits when 8 × (1 − e) + 5 ≤ 10, e ≥ 0.375 → 12.5 s → 13 s.
    expect(decideRate(8, 4, 0.25, rule, 1, false)).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 13 });
    // The current window alone is full: wait for the next window and for 10 × (1 − e) + 1 ≤ 10 → e ≥ 0.1.
    expect(decideRate(0, 10, 0.5, rule, 1, false)).toEqual({ allowed: false, remaining: 0, retryAfterSeconds: 60 });
    // A cost above the limit never fits.
    expect(decideRate(0, 0, 0, rule, 11, false).retryAfterSeconds).toBe(200);
  });
});
