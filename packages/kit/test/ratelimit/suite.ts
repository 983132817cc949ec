import { afterAll, beforeEach, expect, it } from 'vitest';
import type { RateLimit, RateLimiter } from '../../src/ratelimit/rate-limiter.ts';

/** A movable clock in epoch milliseconds, starting on a whole hour (so windows start at known instants). */
export function testClock(start = Date.UTC(2026, 10, 21, 12, 0, 0)) {
  let t = start;
  return { now: () => t, set: (ms: number) => void (t = start + ms), advance: (ms: number) => void (t += ms) };
}

/** The behaviour every RateLimiter implementation must show for the same clock. */
export function rateLimiterSuite(name: string, make: (now: () => number) => Promise<RateLimiter>, cleanup: () => Promise<void> = async () => {}) {
  const clock = testClock();
  let limiter: RateLimiter;
  let prefix = '';
  const rule: RateLimit = { limit: 5, windowSeconds: 60 };

  beforeEach(async () => {
    clock.set(0);
    limiter ??= await make(clock.now);
    prefix = `${name}:${crypto.randomUUID()}`; // fresh keys per test
  });
  afterAll(async () => {
    await limiter?.close();
    await cleanup();
  });

  const consumeN = async (key: string, n: number, r = rule) => {
    const out = [];
    for (let i = 0; i < n; i++) out.push(await limiter.consume(key, r));
    return out;
  };

  it(`${name}: allows the limit, then refuses without counting the refused attempts`, async () => {
    const k = `${prefix}:a`;
    const first = await consumeN(k, 5);
    expect(first.map((d) => d.allowed)).toEqual([true, true, true, true, true]);
    expect(first.map((d) => d.remaining)).toEqual([4, 3, 2, 1, 0]);
    expect(first.every((d) => !d.degraded && d.retryAfterSeconds === 0)).toBe(true);
    const refused = await consumeN(k, 3);
    expect(refused.map((d) => d.allowed)).toEqual([false, false, false]);
    // The next attempt fits once 5 × (1 − e) + 1 ≤ 5 in the next window: e ≥ 0.2, i.e. 60 s + 12 s from now.
    expect(refused[0]!.retryAfterSeconds).toBe(72);
    clock.set(71_000);
    expect((await limiter.peek(k, rule)).allowed).toBe(false);
    clock.set(72_000);
    expect((await limiter.peek(k, rule)).allowed).toBe(true);
    // Refused attempts were not counted: once both windows have passed, the whole limit is available again.
    clock.set(120_000);
    expect((await consumeN(k, 6)).map((d) => d.allowed)).toEqual([true, true, true, true, true, false]);
  });

  it(`${name}: slides — the previous window counts in proportion to its overlap`, async () => {
    const k = `${prefix}:slide`;
    await consumeN(k, 5);
    // Half-way into the next window the previous 5 weigh 2.5: two more fit (3.5, 4.5), a third (5.5) does not.
    clock.set(90_000);
    const d = await consumeN(k, 3);
    expect(d.map((x) => x.allowed)).toEqual([true, true, false]);
    // 5 × (1 − e) + 2 + 1 ≤ 5 once e ≥ 0.6, i.e. 6 s later.
    expect(d[2]!.retryAfterSeconds).toBe(6);
    clock.set(95_000);
    expect((await limiter.peek(k, rule)).allowed).toBe(false);
    clock.set(96_000);
    expect((await limiter.peek(k, rule)).allowed).toBe(true);
    expect((await limiter.consume(k, rule)).allowed).toBe(true);
  });

  it(`${name}: peek never counts; reset forgets; keys and window sizes are independent`, async () => {
    const k = `${prefix}:peek`;
    for (let i = 0; i < 10; i++) expect((await limiter.peek(k, rule)).allowed).toBe(true);
    expect((await limiter.peek(k, rule)).remaining).toBe(5);
    await consumeN(k, 5);
    expect(await limiter.peek(k, rule)).toMatchObject({ allowed: false, remaining: 0 });
    expect((await limiter.consume(`${prefix}:other`, rule)).allowed).toBe(true);
    expect((await limiter.consume(k, { limit: 5, windowSeconds: 600 })).allowed).toBe(true);
    await limiter.reset(k, rule);
    expect(await limiter.peek(k, rule)).toMatchObject({ allowed: true, remaining: 5 });
    expect((await limiter.peek(k, { limit: 5, windowSeconds: 600 })).remaining).toBe(4);
  });

  it(`${name}: counts a cost above 1 and refuses a cost that does not fit`, async () => {
    const k = `${prefix}:cost`;
    expect(await limiter.consume(k, rule, 3)).toMatchObject({ allowed: true, remaining: 2 });
    expect(await limiter.consume(k, rule, 3)).toMatchObject({ allowed: false, remaining: 2 });
    expect(await limiter.consume(k, rule, 2)).toMatchObject({ allowed: true, remaining: 0 });
    await expect(limiter.consume(k, { limit: 0, windowSeconds: 60 })).rejects.toThrow(/positive integer/);
  });

  it(`${name}: never lets concurrent attempts exceed the limit`, async () => {
    const k = `${prefix}:race`;
    const all = await Promise.all(Array.from({ length: 20 }, () => limiter.consume(k, rule)));
    expect(all.filter((d) => d.allowed)).toHaveLength(5);
  });
}
