import { errorFields, type Logger } from './logger.ts';
import { connectInBackground, RedisTimeoutError, withTimeout, type RedisConnection } from './redis-connection.ts';
import { fieldsToEnvelope, streams, type StreamEntry } from './redis-streams.ts';
import { errorMessage, retryDelayMs, type EventEnvelope, type EventHandler } from './types.ts';

/** Everything one Redis subscription needs; built by the Redis bus. */
export interface RedisConsumerConfig {
  /** Shared non-blocking client (acks, claims, dead letters). */
  cmd: RedisConnection;
  group: string;
  consumer: string;
  /** Stream keys, one per subscribed event type. */
  keys: readonly string[];
  handler: EventHandler;
  logger: Logger;
  warn: (key: string, obj: object, msg: string) => void;
  /** Start position of groups created by this subscription: `$` (latest) or `0` (earliest). */
  start: '$' | '0';
  deadKey: string;
  streamMaxLen: number;
  maxDeliveries: number;
  retryBaseMs: number;
  claimIdleMs: number;
  blockMs: number;
  batchSize: number;
}

interface Retry {
  key: string;
  id: string;
  attempt: number;
  dueAt: number;
}

/**
 * One subscription's consumer loop: XREADGROUP BLOCK on a dedicated connection, handler, XACK.
 * Failed events stay pending and are re-claimed by this consumer after a backoff (XCLAIM, which
 * bumps Redis' delivery counter); events left pending by crashed consumers for `claimIdleMs`
 * are taken over with XAUTOCLAIM. After `maxDeliveries` deliveries an event goes to the
 * dead-letter stream and is acknowledged.
 */
export class RedisConsumer {
  readonly #c: RedisConsumerConfig;
  #reader: RedisConnection;
  readonly #retries = new Map<string, Retry>(); // `${key} ${id}` -> retry
  readonly #claimCursor = new Map<string, string>();
  #nextClaimAt = 0;
  #groupsReady = false;
  #ownRecovered = false;
  #closed = false;
  #wake: (() => void) | undefined;
  #loop: Promise<void> = Promise.resolve();

  constructor(config: RedisConsumerConfig) {
    this.#c = config;
    this.#reader = this.#newReader();
  }

  /** Creates the groups (best effort: while Redis is down the loop keeps trying) and starts the loop. */
  async start(): Promise<void> {
    try {
      await withTimeout(this.#ensureGroups(), 2_000, 'XGROUP CREATE');
    } catch (err) {
      this.#c.warn('groups', { group: this.#c.group, ...errorFields(err) }, 'event bus: cannot create consumer groups yet; retrying');
    }
    this.#loop = this.#run();
  }

  /** Stops reading, waits for the handler in flight, and removes the consumer if it holds nothing. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#wake?.();
    if (this.#reader.isOpen) this.#reader.destroy(); // interrupts a blocked XREADGROUP
    await this.#loop;
    await this.#forgetConsumer().catch(() => undefined);
  }

  #newReader(): RedisConnection {
    const reader = this.#c.cmd.duplicate();
    reader.on('error', () => undefined); // the shared client already reports connection trouble
    void connectInBackground(reader, { name: 'bus-reader' }, this.#c.warn);
    return reader;
  }

  async #ensureGroups(): Promise<void> {
    for (const key of this.#c.keys) await streams.createGroup(this.#c.cmd, key, this.#c.group, this.#c.start);
    this.#groupsReady = true;
  }

  async #run(): Promise<void> {
    let failures = 0;
    while (!this.#closed) {
      try {
        if (!this.#groupsReady) await this.#ensureGroups();
        if (!this.#ownRecovered) await this.#recoverOwn();
        await this.#retryDue();
        if (Date.now() >= this.#nextClaimAt) await this.#autoClaim();
        const block = this.#blockMs();
        const batches = await withTimeout(
          streams.readGroup(this.#reader, this.#c.group, this.#c.consumer, this.#c.keys, this.#c.batchSize, block),
          block + 5_000,
          'XREADGROUP',
        );
        for (const { key, entries } of batches) await this.#deliverAll(key, entries.map((e) => ({ entry: e, attempt: 1 })));
        failures = 0;
      } catch (err) {
        if (this.#closed) break;
        if (errorMessage(err).includes('NOGROUP')) this.#groupsReady = false; // stream or group was deleted
        if (err instanceof RedisTimeoutError) {
          this.#reader.destroy();
          this.#reader = this.#newReader();
        }
        this.#c.warn('loop', { group: this.#c.group, ...errorFields(err) }, 'event bus consumer error; retrying');
        await this.#pause(Math.min(2_000, 50 * 2 ** failures++));
      }
    }
  }

  #blockMs(): number {
    let until = Math.min(Date.now() + this.#c.blockMs, this.#nextClaimAt);
    for (const r of this.#retries.values()) until = Math.min(until, r.dueAt);
    return Math.max(1, until - Date.now());
  }

  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wake = done;
    });
  }

  /** A restarted consumer with a stable name takes back what it held before (no idle wait). */
  async #recoverOwn(): Promise<void> {
    for (const key of this.#c.keys) {
      const mine = await streams.pending(this.#c.cmd, key, this.#c.group, {
        start: '-', end: '+', count: this.#c.batchSize, consumer: this.#c.consumer,
      });
      if (mine.length === 0) continue;
      const counts = new Map(mine.map((p) => [p.id, p.deliveries + 1]));
      const entries = await streams.claim(this.#c.cmd, key, this.#c.group, this.#c.consumer, 0, mine.map((p) => p.id));
      await this.#deliverAll(key, entries.map((entry) => ({ entry, attempt: counts.get(entry.id) ?? 1 })));
    }
    this.#ownRecovered = true;
  }

  /** Re-claims events whose retry delay has passed and delivers them again. */
  async #retryDue(): Promise<void> {
    const now = Date.now();
    const due = [...this.#retries.values()].filter((r) => r.dueAt <= now);
    for (const r of due) {
      if (this.#closed) return;
      this.#retries.delete(`${r.key} ${r.id}`);
      const [entry] = await streams.claim(this.#c.cmd, r.key, this.#c.group, this.#c.consumer, 0, [r.id]);
      if (!entry) {
        await this.#c.cmd.sendCommand(['XACK', r.key, this.#c.group, r.id]); // trimmed away meanwhile
        continue;
      }
      await this.#deliverAll(r.key, [{ entry, attempt: r.attempt + 1 }]);
    }
  }

  /** Takes over events other (crashed) consumers left pending for longer than `claimIdleMs`. */
  async #autoClaim(): Promise<void> {
    this.#nextClaimAt = Date.now() + Math.max(50, Math.min(this.#c.claimIdleMs / 2, 15_000));
    for (const key of this.#c.keys) {
      const { group, consumer } = this.#c;
      const cursor = this.#claimCursor.get(key) ?? '0-0';
      const { next, entries } = await streams.autoClaim(
        this.#c.cmd, key, group, consumer, this.#c.claimIdleMs, cursor, this.#c.batchSize,
      );
      this.#claimCursor.set(key, next);
      if (entries.length === 0) continue;
      const first = entries[0]!.id;
      const last = entries[entries.length - 1]!.id;
      const pending = await streams.pending(this.#c.cmd, key, group, {
        start: first, end: last, count: entries.length + this.#retries.size + 10, consumer,
      });
      const counts = new Map(pending.map((p) => [p.id, p.deliveries]));
      for (const e of entries) this.#retries.delete(`${key} ${e.id}`);
      this.#c.logger.info({ group, stream: key, count: entries.length }, 'event bus: claimed events from idle consumers');
      await this.#deliverAll(key, entries.map((entry) => ({ entry, attempt: counts.get(entry.id) ?? 1 })));
    }
  }

  async #deliverAll(key: string, items: { entry: StreamEntry; attempt: number }[]): Promise<void> {
    for (const { entry, attempt } of items) {
      if (this.#closed) return; // the rest stays pending and is redelivered (at-least-once)
      await this.#deliver(key, entry, attempt);
    }
  }

  async #deliver(key: string, entry: StreamEntry, attempt: number): Promise<void> {
    const { group, consumer, maxDeliveries } = this.#c;
    let event: EventEnvelope;
    try {
      event = fieldsToEnvelope(entry.fields);
    } catch (err) {
      return this.#deadLetter(key, entry, attempt, err);
    }
    if (attempt > maxDeliveries) return this.#deadLetter(key, entry, attempt, new Error('too many deliveries'));
    try {
      await this.#c.handler(event);
    } catch (err) {
      if (attempt >= maxDeliveries) return this.#deadLetter(key, entry, attempt, err);
      const ctx = { eventId: event.id, type: event.type, group, consumer, attempt };
      this.#c.logger.warn({ ...ctx, ...errorFields(err) }, 'event handler failed; will retry');
      const delay = retryDelayMs(attempt, this.#c.retryBaseMs, Math.min(30_000, this.#c.claimIdleMs / 2));
      this.#retries.set(`${key} ${entry.id}`, { key, id: entry.id, attempt, dueAt: Date.now() + delay });
      return;
    }
    await this.#c.cmd.sendCommand(['XACK', key, group, entry.id]);
  }

  async #deadLetter(key: string, entry: StreamEntry, attempt: number, err: unknown): Promise<void> {
    const { group, consumer } = this.#c;
    const fields = {
      ...entry.fields,
      group,
      consumer,
      stream: key,
      streamId: entry.id,
      deliveries: String(attempt),
      error: errorMessage(err),
      failedAt: new Date().toISOString(),
    };
    await this.#c.cmd
      .multi()
      .addCommand(streams.xaddArgs(this.#c.deadKey, fields, this.#c.streamMaxLen))
      .addCommand(['XACK', key, group, entry.id])
      .exec();
    this.#c.logger.error(
      { eventId: entry.fields.id, type: entry.fields.type, group, consumer, deliveries: attempt, ...errorFields(err) },
      'event handler failed; event dead-lettered',
    );
  }

  /** Drops this consumer from its groups when it holds no pending events (keeps XINFO tidy). */
  async #forgetConsumer(): Promise<void> {
    if (!this.#c.cmd.isReady) return;
    for (const key of this.#c.keys) {
      const summary = await streams.pendingSummary(this.#c.cmd, key, this.#c.group);
      if ((summary.perConsumer.get(this.#c.consumer) ?? 0) > 0) continue;
      await this.#c.cmd.sendCommand(['XGROUP', 'DELCONSUMER', key, this.#c.group, this.#c.consumer]);
    }
  }
}

