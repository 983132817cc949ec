import { asc, inArray, isNull, sql } from 'drizzle-orm';
import { errorFields, rateLimitedWarn, silentLogger, type Logger } from './logger.ts';
import type { AnyPgDatabase, OutboxTable } from './outbox.ts';
import { errorMessage, type EventBus, type EventEnvelope } from './types.ts';

/** Options for {@link createOutboxRelay}. */
export interface OutboxRelayOptions {
  db: AnyPgDatabase;
  outbox: OutboxTable;
  bus: EventBus;
  logger?: Logger;
  /** Poll interval when idle (default 1 s); publishers call `notify()` after a commit to publish at once. */
  intervalMs?: number;
  /** Rows published per transaction (default 500). */
  batchSize?: number;
  /** Longest pause after repeated failures (default 30 000 ms). */
  maxBackoffMs?: number;
}

/** Moves committed outbox rows to the bus. */
export interface OutboxRelay {
  /** Starts the background loop (idempotent). */
  start(): void;
  /** Stops the loop and waits for the batch in flight. */
  stop(): Promise<void>;
  /** Publishes everything pending now (rows locked by another relay are left to it); returns the count. Rejects on a bus error. */
  flush(): Promise<number>;
  /** Wakes the loop early; call after committing a transaction that enqueued events. */
  notify(): void;
}

/**
 * The relay half of the transactional outbox. Each batch runs in one transaction:
 * `SELECT ... WHERE published_at IS NULL ORDER BY occurred_at, seq LIMIT n FOR UPDATE SKIP LOCKED`,
 * `bus.publish`, then `published_at = now()`. SKIP LOCKED lets several replicas run relays without
 * publishing a row twice (each relay keeps occurred order within its batches). If publishing fails,
 * `attempts` and `last_error` are recorded, nothing is marked, and the loop backs off and retries.
 * A crash between publish and commit republishes the batch: consumers deduplicate with the inbox.
 */
export function createOutboxRelay(opts: OutboxRelayOptions): OutboxRelay {
  const { db, outbox, bus } = opts;
  const logger = opts.logger ?? silentLogger;
  const intervalMs = opts.intervalMs ?? 1000;
  const batchSize = opts.batchSize ?? 500;
  const maxBackoffMs = opts.maxBackoffMs ?? 30_000;
  const warn = rateLimitedWarn(logger);
  let running = false;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let notified = false;
  let failures = 0;
  let lock: Promise<unknown> = Promise.resolve();

  /** Serialises batches of this relay (loop and flush), so flush never skips rows its own loop holds. */
  function exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = lock.then(fn, fn);
    lock = run.catch(() => undefined);
    return run;
  }

  async function publishBatch(): Promise<number> {
    let failure: { err: unknown } | undefined;
    const count = await db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(outbox)
        .where(isNull(outbox.publishedAt))
        .orderBy(asc(outbox.occurredAt), asc(outbox.seq))
        .limit(batchSize)
        .for('update', { skipLocked: true });
      if (rows.length === 0) return 0;
      const ids = rows.map((r) => r.id);
      const envelopes: EventEnvelope[] = rows.map((r) => ({
        id: r.id,
        type: r.type,
        source: r.source,
        occurredAt: r.occurredAt.toISOString(),
        payload: r.payload,
      }));
      try {
        await bus.publish(envelopes);
      } catch (err) {
        failure = { err };
        await tx
          .update(outbox)
          .set({ attempts: sql`${outbox.attempts} + 1`, lastError: errorMessage(err).slice(0, 2_000) })
          .where(inArray(outbox.id, ids));
        return 0;
      }
      await tx.update(outbox).set({ publishedAt: new Date() }).where(inArray(outbox.id, ids));
      return rows.length;
    });
    if (failure) throw failure.err;
    return count;
  }

  function pause(ms: number): Promise<void> {
    if (notified && failures === 0) {
      notified = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });
  }

  async function run(): Promise<void> {
    while (running) {
      let full = false;
      try {
        full = (await exclusive(publishBatch)) === batchSize;
        failures = 0;
      } catch (err) {
        failures += 1;
        warn('publish', { outbox: 'relay', failures, ...errorFields(err) }, 'outbox relay failed; backing off');
      }
      if (!running) break;
      if (full) continue;
      await pause(failures > 0 ? Math.min(maxBackoffMs, intervalMs * 2 ** failures) : intervalMs);
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      running = false;
      wake?.();
      await loop;
      loop = undefined;
    },
    flush() {
      return exclusive(async () => {
        let total = 0;
        for (;;) {
          const n = await publishBatch();
          total += n;
          if (n < batchSize) return total;
        }
      });
    },
    notify() {
      if (failures > 0) return; // keep backing off while the bus is failing
      if (wake) wake();
      else notified = true;
    },
  };
}
