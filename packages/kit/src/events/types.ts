import { randomUUID } from 'node:crypto';

/** The envelope every event travels in; `payload` is the contract defined in `schema/events/`. */
export interface EventEnvelope<T = unknown> {
  /** Globally unique id (uuid); consumers deduplicate on it (see the inbox). */
  id: string;
  /** Event type, e.g. `price.changed`. */
  type: string;
  /** Producing service, e.g. `pricing`. */
  source: string;
  /** ISO-8601 timestamp of when the fact happened (set by the producer, not the bus). */
  occurredAt: string;
  payload: T;
}

/** Handles one event; throwing (or rejecting) means "not handled, deliver again later". */
export interface EventHandler {
  (event: EventEnvelope): Promise<void>;
}

/** A live subscription; `close()` stops fetching and waits for the handler in flight. */
export interface Subscription {
  close(): Promise<void>;
}

/** Options for `EventBus.subscribe`. */
export interface SubscribeOptions {
  /** Consumer group: every group receives each event once, shared among its consumers. */
  group: string;
  /** Event types to receive. */
  types: readonly string[];
  handler: EventHandler;
  /** Consumer name inside the group (default: host-pid-random). A stable name lets a restarted
   *  process pick up its own unacknowledged events immediately instead of after the claim timeout. */
  consumer?: string;
  /**
   * Where a group that does not exist yet starts (ignored for existing groups, which resume where
   * they stopped). `'latest'` (default): only events published after the group is created;
   * `'earliest'`: every event the bus still retains for the type.
   */
  startFrom?: 'latest' | 'earliest';
}

/** An event that could not be handled after the maximum number of deliveries. */
export interface DeadLetter {
  event: EventEnvelope;
  group: string;
  consumer: string;
  /** How many times it was delivered to the group before giving up. */
  deliveries: number;
  /** Message of the last error. */
  error: string;
  /** ISO-8601 timestamp of when it was dead-lettered. */
  failedAt: string;
}

/** Publish/subscribe with consumer groups and at-least-once delivery. */
export interface EventBus {
  readonly kind: 'memory' | 'redis';
  /** Publishes events (all or nothing for the Redis bus); rejects when the bus is unavailable. */
  publish(events: readonly EventEnvelope[]): Promise<void>;
  /** Each `group` receives every event of the given types once (consumer-group semantics); at-least-once:
   *  a handler that throws gets the event again later (bounded retries with backoff, then a dead-letter list/stream). */
  subscribe(opts: SubscribeOptions): Promise<Subscription>;
  /** Resolves when every event published so far has been handled (or dead-lettered) by this bus's subscriptions. */
  whenIdle(timeoutMs?: number): Promise<void>;
  /** The most recent dead letters (oldest first), at most `limit` (default 100). */
  deadLetters(limit?: number): Promise<DeadLetter[]>;
  close(): Promise<void>;
}

/** Input for {@link createEnvelope}. */
export interface NewEvent<T = unknown> {
  type: string;
  source: string;
  payload: T;
  id?: string;
  occurredAt?: string | Date;
}

/** Builds an envelope, filling in a fresh uuid and the current time when not given. */
export function createEnvelope<T>(input: NewEvent<T>): EventEnvelope<T> {
  const occurredAt =
    input.occurredAt === undefined
      ? new Date().toISOString()
      : new Date(input.occurredAt).toISOString();
  return { id: input.id ?? randomUUID(), type: input.type, source: input.source, occurredAt, payload: input.payload };
}

/** Reserved: the Redis bus keeps dead letters in `<prefix>dead`, so no event type may be called that. */
export const DEAD_LETTER_KEY = 'dead';

/** Throws when an event type cannot be used on a bus. */
export function assertEventType(type: string): void {
  if (typeof type !== 'string' || type.length === 0 || /\s/.test(type) || type === DEAD_LETTER_KEY) {
    throw new Error(`invalid event type ${JSON.stringify(type)}`);
  }
}

/** Throws when an envelope is missing a required field. */
export function assertEnvelope(event: EventEnvelope): void {
  assertEventType(event.type);
  if (!event.id || typeof event.id !== 'string') throw new Error(`event ${event.type} has no id`);
  if (!event.source || typeof event.source !== 'string') throw new Error(`event ${event.id} has no source`);
  if (Number.isNaN(Date.parse(event.occurredAt))) throw new Error(`event ${event.id} has an invalid occurredAt`);
}

/** Delay before redelivery number `attempt + 1`: `baseMs * 2^(attempt-1)`, capped at `maxMs`. */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

/** Message of an unknown thrown value. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
