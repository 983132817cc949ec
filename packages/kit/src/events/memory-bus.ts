import { errorFields, silentLogger, type Logger } from './logger.ts';
import {
  assertEnvelope,
  assertEventType,
  errorMessage,
  retryDelayMs,
  type DeadLetter,
  type EventBus,
  type EventEnvelope,
  type EventHandler,
  type SubscribeOptions,
  type Subscription,
} from './types.ts';

/** Options for {@link createMemoryBus}. */
export interface MemoryBusOptions {
  logger?: Logger;
  /** Deliveries before an event is dead-lettered (default 5). */
  maxDeliveries?: number;
  /** First retry delay; doubles per attempt (default 5 ms, capped at 1 s). */
  retryBaseMs?: number;
  /** Events retained per type for `startFrom: 'earliest'` and for groups without a live consumer (default 10 000). */
  retainPerType?: number;
}

interface Delivery {
  event: EventEnvelope;
  attempt: number;
  state: GroupState;
}

interface Consumer {
  name: string;
  handler: EventHandler;
  queue: Delivery[];
  draining: Promise<void> | undefined;
  closed: boolean;
}

/** One consumer group on one event type: like a Redis consumer group on one stream. */
interface GroupState {
  name: string;
  consumers: Consumer[];
  next: number;
  /** Events waiting while the group has no live consumer. */
  backlog: Delivery[];
}

/**
 * An in-process bus with the same semantics as the Redis bus: consumer groups, asynchronous
 * delivery (never inside `publish`), retries with backoff and a dead-letter list. Events are
 * copied through JSON so handlers see exactly what they would after a trip through Redis.
 */
export function createMemoryBus(opts: MemoryBusOptions = {}): EventBus {
  const logger = opts.logger ?? silentLogger;
  const maxDeliveries = opts.maxDeliveries ?? 5;
  const retryBaseMs = opts.retryBaseMs ?? 5;
  const retain = opts.retainPerType ?? 10_000;
  const groups = new Map<string, Map<string, GroupState>>(); // type -> group -> state
  const history = new Map<string, EventEnvelope[]>(); // type -> retained events
  const dead: DeadLetter[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let outstanding = 0; // deliveries queued, running or waiting for a retry on live consumers
  let idleWaiters: (() => void)[] = [];
  let closed = false;

  const settle = (n: number) => {
    outstanding = Math.max(0, outstanding - n);
    if (outstanding === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    }
  };

  const pushBounded = <T>(list: T[], item: T) => {
    list.push(item);
    if (list.length > retain) list.splice(0, list.length - retain);
  };

  /** Hands a delivery to the next live consumer of the group, or parks it in the backlog. */
  const dispatch = (delivery: Delivery) => {
    const { state } = delivery;
    const live = state.consumers.filter((c) => !c.closed);
    if (live.length === 0 || closed) {
      pushBounded(state.backlog, delivery);
      return;
    }
    const consumer = live[state.next++ % live.length]!;
    outstanding += 1;
    consumer.queue.push(delivery);
    schedule(consumer);
  };

  /** Starts draining the consumer's queue on a later macrotask (never inside `publish`). */
  const schedule = (consumer: Consumer) => {
    if (consumer.draining) return;
    consumer.draining = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => drain(consumer))
      .finally(() => {
        consumer.draining = undefined;
        if (consumer.queue.length > 0 && !consumer.closed) schedule(consumer);
      });
  };

  const drain = async (consumer: Consumer) => {
    while (!consumer.closed) {
      const delivery = consumer.queue.shift();
      if (!delivery) return;
      await deliver(consumer, delivery);
    }
  };

  const deliver = async (consumer: Consumer, delivery: Delivery) => {
    const { event, attempt, state } = delivery;
    try {
      await consumer.handler(structuredClone(event));
      settle(1);
    } catch (err) {
      const ctx = { eventId: event.id, type: event.type, group: state.name, consumer: consumer.name, attempt };
      if (closed) {
        settle(1); // the bus is shutting down: no more retries
        return;
      }
      if (attempt >= maxDeliveries) {
        pushBounded(dead, {
          event,
          group: state.name,
          consumer: consumer.name,
          deliveries: attempt,
          error: errorMessage(err),
          failedAt: new Date().toISOString(),
        });
        logger.error({ ...ctx, ...errorFields(err) }, 'event handler failed; event dead-lettered');
        settle(1);
        return;
      }
      logger.warn({ ...ctx, ...errorFields(err) }, 'event handler failed; will retry');
      const timer = setTimeout(() => {
        timers.delete(timer);
        dispatch({ event, attempt: attempt + 1, state }); // before settle, so whenIdle never sees a gap
        settle(1);
      }, retryDelayMs(attempt, retryBaseMs, 1000));
      timers.add(timer);
    }
  };

  const groupState = (type: string, group: string): { state: GroupState; created: boolean } => {
    let byGroup = groups.get(type);
    if (!byGroup) groups.set(type, (byGroup = new Map()));
    const existing = byGroup.get(group);
    if (existing) return { state: existing, created: false };
    const state: GroupState = { name: group, consumers: [], next: 0, backlog: [] };
    byGroup.set(group, state);
    return { state, created: true };
  };

  return {
    kind: 'memory',

    async publish(events) {
      if (closed) throw new Error('event bus is closed');
      for (const e of events) assertEnvelope(e);
      const copies: EventEnvelope[] = events.map((e) => JSON.parse(JSON.stringify(e)) as EventEnvelope);
      for (const event of copies) {
        let retained = history.get(event.type);
        if (!retained) history.set(event.type, (retained = []));
        pushBounded(retained, event);
        for (const state of groups.get(event.type)?.values() ?? []) dispatch({ event, attempt: 1, state });
      }
    },

    async subscribe(sub: SubscribeOptions): Promise<Subscription> {
      if (closed) throw new Error('event bus is closed');
      if (!sub.group) throw new Error('subscribe: group is required');
      if (sub.types.length === 0) throw new Error('subscribe: at least one event type is required');
      sub.types.forEach(assertEventType);
      const consumer: Consumer = {
        name: sub.consumer ?? `memory-${Math.random().toString(36).slice(2, 10)}`,
        handler: sub.handler,
        queue: [],
        draining: undefined,
        closed: false,
      };
      const states: GroupState[] = [];
      for (const type of new Set(sub.types)) {
        const { state, created } = groupState(type, sub.group);
        state.consumers.push(consumer);
        states.push(state);
        const start = created && sub.startFrom === 'earliest' ? (history.get(type) ?? []) : [];
        const pending = [...start.map((event) => ({ event, attempt: 1, state })), ...state.backlog];
        state.backlog = [];
        for (const d of pending) dispatch(d);
      }
      return {
        async close() {
          if (consumer.closed) return;
          consumer.closed = true;
          await consumer.draining;
          for (const state of states) state.consumers = state.consumers.filter((c) => c !== consumer);
          // Undelivered events go back to their group (another consumer, or the backlog).
          const left = consumer.queue.splice(0);
          for (const d of left) dispatch(d);
          settle(left.length);
        },
      };
    },

    whenIdle(timeoutMs = 10_000) {
      if (outstanding === 0) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          idleWaiters = idleWaiters.filter((w) => w !== done);
          reject(new Error(`event bus not idle after ${timeoutMs} ms (${outstanding} deliveries outstanding)`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          resolve();
        };
        idleWaiters.push(done);
      });
    },

    async deadLetters(limit = 100) {
      return dead.slice(-limit).map((d) => structuredClone(d));
    },

    async close() {
      closed = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const consumers = [...groups.values()].flatMap((m) => [...m.values()].flatMap((s) => s.consumers));
      for (const c of consumers) c.closed = true;
      await Promise.all(consumers.map((c) => c.draining));
      outstanding = 0;
      settle(0);
    },
  };
}
