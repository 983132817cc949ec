import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { rateLimitedWarn, silentLogger, type Logger } from './logger.ts';
import { closeRedis, openRedis, sleep, withTimeout } from './redis-connection.ts';
import { RedisConsumer } from './redis-consumer.ts';
import { compareStreamIds, envelopeToFields, streams } from './redis-streams.ts';
import { assertEnvelope, assertEventType, DEAD_LETTER_KEY, type DeadLetter, type EventBus, type EventEnvelope } from './types.ts';

/** Options for {@link createRedisBus}. */
export interface RedisBusOptions {
  url: string;
  logger?: Logger;
  /** Approximate cap per stream (`XADD MAXLEN ~`), default 100 000. */
  streamMaxLen?: number;
  /** Stream key prefix, default `emporium:events:`; streams are `<prefix><type>`, dead letters `<prefix>dead`. */
  streamPrefix?: string;
  /** Deliveries before an event is dead-lettered (default 5). */
  maxDeliveries?: number;
  /** First retry delay, doubled per failed delivery (default 100 ms). */
  retryBaseMs?: number;
  /** Events pending this long on a consumer are taken over by another one (default 30 000 ms). */
  claimIdleMs?: number;
  /** XREADGROUP BLOCK time (default 2 000 ms). */
  blockMs?: number;
  /** Max entries read per XREADGROUP (default 100). */
  batchSize?: number;
  /** Publish gives up (rejects) after this long (default 5 000 ms). */
  publishTimeoutMs?: number;
}

/**
 * An {@link EventBus} on Redis Streams: one stream per event type, one consumer group per
 * subscriber group, XACK after success, retries via XCLAIM, XAUTOCLAIM for crashed consumers,
 * dead letters in `<prefix>dead`.
 *
 * Where a new group starts: by default at `$` (`XGROUP CREATE ... $ MKSTREAM`), i.e. the group
 * receives every event published after it exists and no history. For a stream that did not exist
 * yet this is the same as `0`. Groups persist in Redis, so a restarted service resumes where its
 * group stopped (events published while it was down are delivered). `startFrom: 'earliest'`
 * creates the group at `0` instead, replaying whatever the stream retains (bounded by MAXLEN).
 */
export async function createRedisBus(opts: RedisBusOptions): Promise<EventBus> {
  const logger = opts.logger ?? silentLogger;
  const prefix = opts.streamPrefix ?? 'emporium:events:';
  const streamMaxLen = opts.streamMaxLen ?? 100_000;
  const warn = rateLimitedWarn(logger);
  const cmd = await openRedis({ url: opts.url, logger, name: 'bus' });
  const consumers = new Set<RedisConsumer>();
  const subscribed: { key: string; group: string }[] = [];
  const keyOf = (type: string) => prefix + type;
  const deadKey = prefix + DEAD_LETTER_KEY;
  let closed = false;

  return {
    kind: 'redis',

    async publish(events: readonly EventEnvelope[]) {
      if (closed) throw new Error('event bus is closed');
      if (events.length === 0) return;
      events.forEach(assertEnvelope);
      const multi = cmd.multi();
      for (const e of events) multi.addCommand(streams.xaddArgs(keyOf(e.type), envelopeToFields(e), streamMaxLen));
      await withTimeout(multi.exec(), opts.publishTimeoutMs ?? 5_000, 'event publish');
    },

    async subscribe(sub) {
      if (closed) throw new Error('event bus is closed');
      if (!sub.group) throw new Error('subscribe: group is required');
      if (sub.types.length === 0) throw new Error('subscribe: at least one event type is required');
      sub.types.forEach(assertEventType);
      const keys = [...new Set(sub.types)].map(keyOf);
      const consumer = new RedisConsumer({
        cmd,
        group: sub.group,
        consumer: sub.consumer ?? `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
        keys,
        handler: sub.handler,
        logger,
        warn,
        start: sub.startFrom === 'earliest' ? '0' : '$',
        deadKey,
        streamMaxLen,
        maxDeliveries: opts.maxDeliveries ?? 5,
        retryBaseMs: opts.retryBaseMs ?? 100,
        claimIdleMs: opts.claimIdleMs ?? 30_000,
        blockMs: opts.blockMs ?? 2_000,
        batchSize: opts.batchSize ?? 100,
      });
      await consumer.start();
      consumers.add(consumer);
      const entries = keys.map((key) => ({ key, group: sub.group }));
      subscribed.push(...entries);
      return {
        async close() {
          if (!consumers.delete(consumer)) return;
          for (const e of entries) {
            const i = subscribed.indexOf(e);
            if (i >= 0) subscribed.splice(i, 1);
          }
          await consumer.close();
        },
      };
    },

    async whenIdle(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      const pairs = [...new Map(subscribed.map((p) => [`${p.key} ${p.group}`, p])).values()];
      // Snapshot: the newest entry of every subscribed stream right now.
      const targets = await withTimeout(
        Promise.all(pairs.map(async (p) => ({ ...p, lastId: await streams.lastId(cmd, p.key) }))),
        timeoutMs,
        'whenIdle',
      );
      let remaining = targets.filter((t) => t.lastId !== undefined);
      while (remaining.length > 0) {
        const done = await Promise.all(remaining.map((t) => isCaughtUp(t.key, t.group, t.lastId!)));
        remaining = remaining.filter((_, i) => !done[i]);
        if (remaining.length === 0) return;
        if (Date.now() >= deadline) {
          const what = remaining.map((r) => `${r.group}@${r.key}`).join(', ');
          throw new Error(`event bus not idle after ${timeoutMs} ms (${what})`);
        }
        await sleep(20);
      }
    },

    async deadLetters(limit = 100) {
      const entries = await streams.tail(cmd, deadKey, limit);
      return entries.map(({ fields: f }): DeadLetter => ({
        event: {
          id: f.id ?? '',
          type: f.type ?? '',
          source: f.source ?? '',
          occurredAt: f.occurredAt ?? '',
          payload: parseJson(f.payload),
        },
        group: f.group ?? '',
        consumer: f.consumer ?? '',
        deliveries: Number(f.deliveries ?? 0),
        error: f.error ?? '',
        failedAt: f.failedAt ?? '',
      }));
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...consumers].map((c) => c.close()));
      consumers.clear();
      await closeRedis(cmd);
    },
  };

  /** True when the group has read past `lastId` and holds no pending entry at or before it. */
  async function isCaughtUp(key: string, group: string, lastId: string): Promise<boolean> {
    const delivered = await streams.groupLastDelivered(cmd, key, group);
    if (delivered === undefined || compareStreamIds(delivered, lastId) < 0) return false;
    const summary = await streams.pendingSummary(cmd, key, group);
    return summary.count === 0 || (summary.minId !== undefined && compareStreamIds(summary.minId, lastId) > 0);
  }
}

function parseJson(raw: string | undefined): unknown {
  if (raw === undefined) return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}
