import { createMemoryBus } from './memory-bus.ts';
import { createRedisBus } from './redis-bus.ts';
import type { Logger } from './logger.ts';
import type { EventBus } from './types.ts';

/** A Redis Streams bus when `redisUrl` is set, otherwise the in-process bus. */
export async function createEventBus(opts: { redisUrl?: string; logger?: Logger; /** Redis stream key prefix (default `emporium:events:`). */ streamPrefix?: string }): Promise<EventBus> {
  if (opts.redisUrl) return createRedisBus({ url: opts.redisUrl, ...(opts.logger ? { logger: opts.logger } : {}), ...(opts.streamPrefix ? { streamPrefix: opts.streamPrefix } : {}) });
  return createMemoryBus(opts.logger ? { logger: opts.logger } : {});
}
