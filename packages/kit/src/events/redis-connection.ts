import { createClient } from 'redis';
import { errorFields, rateLimitedWarn, type Logger } from './logger.ts';

/** A node-redis client with the settings the kit relies on (RESP2, no offline queue). */
export type RedisConnection = ReturnType<typeof createClient>;

/** Thrown by {@link withTimeout}. */
export class RedisTimeoutError extends Error {
  constructor(what: string, ms: number) {
    super(`${what} timed out after ${ms} ms`);
    this.name = 'RedisTimeoutError';
  }
}

/** Options for {@link openRedis}. */
export interface OpenRedisOptions {
  url: string;
  logger: Logger;
  /** Used in log lines, e.g. `cache` or `bus`. */
  name: string;
  /** How long to wait for the first connection before returning a still-connecting client (default 500 ms). */
  initialWaitMs?: number;
}

/**
 * Creates and connects a client that fails fast instead of queueing while Redis is away
 * (`disableOfflineQueue`), reconnects forever with capped backoff, and never throws from
 * creation: if Redis is down it returns a client that keeps connecting in the background.
 */
export async function openRedis(opts: OpenRedisOptions): Promise<RedisConnection> {
  const warn = rateLimitedWarn(opts.logger);
  const client = createClient({
    url: opts.url,
    disableOfflineQueue: true,
    socket: {
      connectTimeout: 2_000,
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** Math.min(retries, 6), 2_000),
    },
  });
  client.on('error', (err: unknown) => warn('error', { redis: opts.name, ...errorFields(err) }, 'redis connection error'));
  const connected = connectInBackground(client, opts, warn);
  await Promise.race([connected, sleep(opts.initialWaitMs ?? 500)]);
  return client;
}

/** Connects `client` (a fresh `createClient`/`duplicate()`), logging instead of throwing. */
export function connectInBackground(
  client: RedisConnection,
  opts: { name: string },
  warn: (key: string, obj: object, msg: string) => void,
): Promise<void> {
  return client.connect().then(
    () => undefined,
    (err: unknown) => warn('connect', { redis: opts.name, ...errorFields(err) }, 'redis connect failed'),
  );
}

/** Closes gracefully when possible, otherwise (not connected, or a hung server) destroys the socket. */
export async function closeRedis(client: RedisConnection, graceMs = 1_000): Promise<void> {
  if (!client.isOpen) return;
  if (!client.isReady) {
    client.destroy();
    return;
  }
  try {
    await withTimeout(client.close(), graceMs, 'redis close');
  } catch {
    if (client.isOpen) client.destroy();
  }
}

/** Rejects with {@link RedisTimeoutError} when `promise` takes longer than `ms`; a late result is ignored. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisTimeoutError(what, ms)), ms);
  });
  promise.catch(() => undefined); // a late rejection must not become unhandled
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
