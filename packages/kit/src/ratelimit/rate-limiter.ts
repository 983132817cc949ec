import { LRUCache } from 'lru-cache';
import { errorFields, rateLimitedWarn, silentLogger, type Logger } from '../events/logger.ts';
import { closeRedis, openRedis, RedisTimeoutError, withTimeout } from '../events/redis-connection.ts';

/**
 * Rate limiting with a sliding-window counter: the attempts of the current fixed window plus those of the previous
 * window weighted by how much of it still overlaps the sliding window:
 *
 *   estimate = previous × (1 − elapsed / window) + current
 *
 * An attempt is allowed when `estimate + cost ≤ limit`; a refused attempt is not counted. Two counters per key and
 * window size, each expiring after two windows, so memory stays bounded. The in-process and the Redis implementation
 * share the arithmetic ({@link decideRate}) and give the same answers for the same clock.
 */

/** A limit: at most `limit` attempts in any sliding window of `windowSeconds`. */
export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

/** The outcome of a `consume` or `peek`. */
export interface RateDecision {
  /** consume: the attempt was counted; peek: one more attempt would be allowed now. */
  allowed: boolean;
  /** Attempts left in the current sliding window (after this one when it was counted), rounded down. */
  remaining: number;
  /** Whole seconds until one attempt would be allowed again; 0 when allowed. */
  retryAfterSeconds: number;
  /** True when Redis could not be used and the limiter's failure mode decided instead (see `onRedisError`). */
  degraded: boolean;
}

/** A rate limiter over string keys (e.g. `signin:ip:203.0.113.9`). */
export interface RateLimiter {
  readonly kind: 'memory' | 'redis';
  /** Counts `cost` (default 1) attempts against `key` unless that would exceed the limit (then nothing is counted). */
  consume(key: string, rule: RateLimit, cost?: number): Promise<RateDecision>;
  /** Like `consume` with nothing counted: would one attempt be allowed now? */
  peek(key: string, rule: RateLimit): Promise<RateDecision>;
  /** Forgets every attempt counted against `key` under `rule` (e.g. after a successful sign-in). */
  reset(key: string, rule: RateLimit): Promise<void>;
  /** Releases connections; the limiter must not be used afterwards. */
  close(): Promise<void>;
}

/**
 * What the Redis limiter does when Redis fails or times out:
 * - `local` (default): fall back to an in-process limiter with the same rules — limits still hold per process
 *   (N replicas allow up to N × limit) and nobody is locked out by an outage;
 * - `open`: allow every attempt (availability first);
 * - `closed`: refuse every attempt (protection first; an outage blocks everyone).
 */
export type RedisFailureMode = 'local' | 'open' | 'closed';

function checkRule(rule: RateLimit, cost: number): void {
  if (!Number.isInteger(rule.limit) || rule.limit < 1) throw new RangeError(`rate limit must be a positive integer, got ${rule.limit}`);
  if (!(rule.windowSeconds > 0)) throw new RangeError(`rate window must be positive, got ${rule.windowSeconds}`);
  if (!Number.isInteger(cost) || cost < 0) throw new RangeError(`rate cost must be a non-negative integer, got ${cost}`);
}

/** Where `nowMs` falls: the current window's index and the weight of the previous window. */
export function windowPosition(nowMs: number, windowSeconds: number): { index: number; elapsed: number; windowMs: number } {
  const windowMs = windowSeconds * 1000;
  const index = Math.floor(nowMs / windowMs);
  return { index, elapsed: (nowMs - index * windowMs) / windowMs, windowMs };
}

/**
 * The decision for counters `previous` and `current` (current already including this attempt when `counted`), at
 * `elapsed` ∈ [0, 1) of the current window. Pure: both implementations use it.
 */
export function decideRate(
  previous: number,
  current: number,
  elapsed: number,
  rule: RateLimit,
  cost: number,
  counted: boolean,
): Omit<RateDecision, 'degraded'> {
  const weight = 1 - elapsed;
  const estimate = previous * weight + current;
  const remaining = Math.max(0, Math.floor(rule.limit - estimate + 1e-9));
  const allowed = counted || (cost === 0 ? estimate + 1 <= rule.limit + 1e-9 : false);
  if (allowed) return { allowed, remaining, retryAfterSeconds: 0 };
  const need = Math.max(cost, 1);
  const windowSeconds = rule.windowSeconds;
  let waitFraction: number;
  if (need > rule.limit) {
    waitFraction = 2; // never fits: say "two windows" rather than forever
  } else if (current + need <= rule.limit && previous > 0) {
    // The previous window's share shrinks until the attempt fits within this window.
    waitFraction = Math.max(0, 1 - (rule.limit - current - need) / previous - elapsed);
  } else {
    // Only after this window ends, when `current` becomes the shrinking previous window.
    const intoNext = current > 0 ? Math.max(0, 1 - (rule.limit - need) / current) : 0;
    waitFraction = 1 - elapsed + intoNext;
  }
  return { allowed: false, remaining, retryAfterSeconds: Math.max(1, Math.ceil(waitFraction * windowSeconds - 1e-9)) };
}

/** Options for {@link createMemoryRateLimiter}. */
export interface MemoryRateLimiterOptions {
  /** Milliseconds since the epoch (default Date.now); tests pass a movable clock. */
  now?: () => number;
  /** Counters kept at most (least recently used dropped first; default 100 000). */
  maxKeys?: number;
}

/** An in-process rate limiter (one process's view; use the Redis one across replicas). */
export function createMemoryRateLimiter(opts: MemoryRateLimiterOptions = {}): RateLimiter {
  const now = opts.now ?? Date.now;
  const counters = new LRUCache<string, { count: number; expiresAt: number }>({ max: opts.maxKeys ?? 100_000 });
  const read = (k: string, at: number) => {
    const c = counters.get(k);
    return c && c.expiresAt > at ? c.count : 0;
  };
  const keysFor = (key: string, rule: RateLimit, at: number) => {
    const pos = windowPosition(at, rule.windowSeconds);
    return { pos, cur: `${key}|${rule.windowSeconds}|${pos.index}`, prev: `${key}|${rule.windowSeconds}|${pos.index - 1}` };
  };
  return {
    kind: 'memory',
    async consume(key, rule, cost = 1) {
      checkRule(rule, cost);
      const at = now();
      const { pos, cur, prev } = keysFor(key, rule, at);
      const p = read(prev, at);
      let c = read(cur, at);
      const counted = cost > 0 && p * (1 - pos.elapsed) + c + cost <= rule.limit + 1e-9;
      if (counted) {
        c += cost;
        counters.set(cur, { count: c, expiresAt: (pos.index + 2) * pos.windowMs });
      }
      return { ...decideRate(p, c, pos.elapsed, rule, cost, counted), degraded: false };
    },
    async peek(key, rule) {
      checkRule(rule, 0);
      const at = now();
      const { pos, cur, prev } = keysFor(key, rule, at);
      return { ...decideRate(read(prev, at), read(cur, at), pos.elapsed, rule, 0, false), degraded: false };
    },
    async reset(key, rule) {
      const { cur, prev } = keysFor(key, rule, now());
      counters.delete(cur);
      counters.delete(prev);
    },
    async close() {
      counters.clear();
    },
  };
}

/**
 * Reads both counters and, when the attempt fits, increments the current one — atomically, so concurrent attempts on
 * several replicas can never exceed the limit. KEYS: current, previous. ARGV: limit, cost, previous-window weight,
 * TTL of the current counter in ms. Returns { counted (0/1), current, previous }.
 */
const CONSUME_SCRIPT = `
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
local prev = tonumber(redis.call('GET', KEYS[2]) or '0')
local limit = tonumber(ARGV[1])
local cost = tonumber(ARGV[2])
if cost > 0 and prev * tonumber(ARGV[3]) + cur + cost <= limit + 0.000000001 then
  cur = redis.call('INCRBY', KEYS[1], cost)
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  return {1, cur, prev}
end
return {0, cur, prev}
`;

/** Options for {@link createRedisRateLimiter}. */
export interface RedisRateLimiterOptions {
  url: string;
  /** Key prefix; required so services never clash on a shared Redis. */
  namespace: string;
  logger?: Logger;
  /** Milliseconds since the epoch (default Date.now). Replicas should run NTP-synchronised clocks. */
  now?: () => number;
  /** Upper bound for one Redis call before the failure mode decides (default 250 ms). */
  commandTimeoutMs?: number;
  /** After a timeout, Redis is skipped for this long (default 1 000 ms). */
  cooldownMs?: number;
  /** What to do while Redis fails (default `local`). */
  onRedisError?: RedisFailureMode;
}

/**
 * A rate limiter whose counters live in Redis (shared by every replica). It never throws for Redis trouble and never
 * waits longer than `commandTimeoutMs`: while Redis is unreachable `onRedisError` decides (default: an in-process
 * fallback with the same rules), with a warning logged at most every 10 s. Creating it while Redis is down returns at
 * once with a limiter that keeps connecting in the background.
 */
export async function createRedisRateLimiter(opts: RedisRateLimiterOptions): Promise<RateLimiter> {
  if (!opts.namespace) throw new Error('createRedisRateLimiter: namespace is required');
  const logger = opts.logger ?? silentLogger;
  const now = opts.now ?? Date.now;
  const timeoutMs = opts.commandTimeoutMs ?? 250;
  const cooldownMs = opts.cooldownMs ?? 1_000;
  const mode = opts.onRedisError ?? 'local';
  const warn = rateLimitedWarn(logger);
  const client = await openRedis({ url: opts.url, logger, name: 'ratelimit', initialWaitMs: timeoutMs });
  const local = createMemoryRateLimiter({ now });
  let skipUntil = 0;
  let closed = false;

  // `{…}` is a Redis Cluster hash tag: both windows of a key live in the same slot (one script touches both).
  const keysFor = (key: string, rule: RateLimit, at: number) => {
    const pos = windowPosition(at, rule.windowSeconds);
    const base = `${opts.namespace}:{${key}}:${rule.windowSeconds}`;
    return { pos, cur: `${base}:${pos.index}`, prev: `${base}:${pos.index - 1}` };
  };

  async function fallback(op: string, err: unknown, key: string, rule: RateLimit, cost: number): Promise<RateDecision> {
    if (err instanceof RedisTimeoutError) skipUntil = Date.now() + cooldownMs;
    if (err !== undefined) warn(op, { namespace: opts.namespace, op, mode, ...errorFields(err) }, 'redis rate limiter unavailable; degrading');
    if (mode === 'open') return { allowed: true, remaining: rule.limit, retryAfterSeconds: 0, degraded: true };
    if (mode === 'closed') return { allowed: false, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(cooldownMs / 1000)), degraded: true };
    const d = op === 'peek' ? await local.peek(key, rule) : await local.consume(key, rule, cost);
    return { ...d, degraded: true };
  }

  async function run(op: 'consume' | 'peek', key: string, rule: RateLimit, cost: number): Promise<RateDecision> {
    checkRule(rule, cost);
    if (closed) throw new Error('rate limiter is closed');
    if (Date.now() < skipUntil || !client.isReady) return fallback(op, client.isReady ? undefined : new Error('redis not connected'), key, rule, cost);
    const at = now();
    const { pos, cur, prev } = keysFor(key, rule, at);
    try {
      const reply = (await withTimeout(
        client.eval(CONSUME_SCRIPT, {
          keys: [cur, prev],
          arguments: [String(rule.limit), String(cost), String(1 - pos.elapsed), String(2 * pos.windowMs - (at - pos.index * pos.windowMs))],
        }),
        timeoutMs,
        `ratelimit ${op}`,
      )) as [number, number, number];
      const [counted, c, p] = reply.map(Number) as [number, number, number];
      return { ...decideRate(p, c, pos.elapsed, rule, cost, counted === 1), degraded: false };
    } catch (err) {
      return fallback(op, err, key, rule, cost);
    }
  }

  return {
    kind: 'redis',
    consume: (key, rule, cost = 1) => run('consume', key, rule, cost),
    peek: (key, rule) => run('peek', key, rule, 0),
    async reset(key, rule) {
      await local.reset(key, rule);
      if (closed || Date.now() < skipUntil || !client.isReady) return;
      const { cur, prev } = keysFor(key, rule, now());
      try {
        await withTimeout(client.del([cur, prev]), timeoutMs, 'ratelimit reset');
      } catch (err) {
        if (err instanceof RedisTimeoutError) skipUntil = Date.now() + cooldownMs;
        warn('reset', { namespace: opts.namespace, op: 'reset', ...errorFields(err) }, 'redis rate limiter unavailable; degrading');
      }
    },
    async close() {
      closed = true;
      await local.close();
      await closeRedis(client);
    },
  };
}

/** A Redis rate limiter when `redisUrl` is set (shared by replicas), otherwise an in-process one. */
export async function createRateLimiter(opts: {
  redisUrl?: string | undefined;
  namespace: string;
  logger?: Logger;
  now?: () => number;
  onRedisError?: RedisFailureMode;
}): Promise<RateLimiter> {
  if (opts.redisUrl) {
    return createRedisRateLimiter({
      url: opts.redisUrl,
      namespace: opts.namespace,
      ...(opts.logger ? { logger: opts.logger } : {}),
      ...(opts.now ? { now: opts.now } : {}),
      ...(opts.onRedisError ? { onRedisError: opts.onRedisError } : {}),
    });
  }
  return createMemoryRateLimiter(opts.now ? { now: opts.now } : {});
}
