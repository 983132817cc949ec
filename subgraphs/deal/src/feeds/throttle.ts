/** Concurrency, rate and retry primitives of the feed fetcher (README: feed fetching). Timing here is operational,
 * not business time: it uses the monotonic clock, never `rt.clock`. */

/** Sleeps `ms`, rejecting early when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason ?? new Error('aborted'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A counting semaphore: at most `max` tasks inside `run` at once (the global fetch cap). */
export class Semaphore {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  constructor(readonly max: number) {
    if (!Number.isInteger(max) || max < 1) throw new RangeError(`concurrency must be a positive integer, got ${max}`);
  }
  /** Tasks running now. */
  get inFlight(): number {
    return this.active;
  }
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next(); // hand the slot over without releasing it
      else this.active--;
    }
  }
}

/** Monotonic milliseconds and a sleep, injectable so tests can check waits without measuring time. */
export interface Timer {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
export const realTimer: Timer = { now: () => performance.now(), sleep };

/**
 * Per-merchant rate limit: request starts to one merchant are at least 60 000 / perMinute ms apart (retries
 * included). `acquire` reserves the next slot and waits for it; slots are reserved in call order.
 */
export class MerchantRateLimiter {
  private readonly nextSlot = new Map<string, number>();
  constructor(private readonly timer: Timer = realTimer) {}
  /** Waits for the merchant's next request slot; returns how long it waited (ms). */
  async acquire(merchantId: string, perMinute: number, signal?: AbortSignal): Promise<number> {
    const interval = 60_000 / Math.max(1, perMinute);
    const now = this.timer.now();
    const slot = Math.max(now, this.nextSlot.get(merchantId) ?? now);
    this.nextSlot.set(merchantId, slot + interval);
    const wait = slot - now;
    if (wait > 0) await this.timer.sleep(wait, signal);
    return wait;
  }
}

/** Retries: `attempts` in all, waits with exponential backoff and full jitter between them. */
export interface RetryPolicy {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Uniform [0, 1) source for the jitter (Math.random by default; tests pass a fixed one). */
  random?: () => number;
}

/**
 * Delay before attempt `attempt + 1` (attempt ≥ 1): full jitter over an exponential ceiling,
 * `random() × min(maxDelayMs, baseDelayMs × 2^(attempt − 1))`; a server's Retry-After (capped at maxDelayMs) is a
 * lower bound.
 */
export function backoffDelay(attempt: number, policy: RetryPolicy, retryAfterMs?: number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.floor((policy.random ?? Math.random)() * ceiling);
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, policy.maxDelayMs));
}

/**
 * Runs `attempt` until it succeeds, throws a non-retryable error, or `policy.attempts` are used; waits
 * {@link backoffDelay} between attempts. `onRetry` hears about each failure that is retried.
 */
export async function withRetries<T>(
  attempt: (n: number) => Promise<T>,
  policy: RetryPolicy,
  isRetryable: (err: unknown) => { retryable: boolean; retryAfterMs?: number },
  opts: { timer?: Timer; signal?: AbortSignal; onRetry?: (n: number, err: unknown, delayMs: number) => void } = {},
): Promise<{ value: T; attempts: number }> {
  const timer = opts.timer ?? realTimer;
  for (let n = 1; ; n++) {
    try {
      return { value: await attempt(n), attempts: n };
    } catch (err) {
      const { retryable, retryAfterMs } = isRetryable(err);
      if (!retryable || n >= policy.attempts || opts.signal?.aborted) {
        (err as { attempts?: number }).attempts = n;
        throw err;
      }
      const delay = backoffDelay(n, policy, retryAfterMs);
      opts.onRetry?.(n, err, delay);
      await timer.sleep(delay, opts.signal);
    }
  }
}
