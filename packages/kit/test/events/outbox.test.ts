import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createMemoryBus,
  createOutboxRelay,
  enqueueEvent,
  enqueueEvents,
  EventValidationError,
  type EventBus,
  type EventEnvelope,
  type OutboxTable,
  type PayloadValidator,
} from '../../src/events/index.ts';
import { openTestDb, type TestDb } from './db.ts';
import { eventually, sleep } from './helpers.ts';

/** A bus that records what is published; `failNext` makes the next publishes reject. */
function recordingBus(delayMs = 0): EventBus & { published: EventEnvelope[]; failNext: number; calls: number } {
  const bus = createMemoryBus();
  const rec = {
    ...bus,
    kind: 'memory' as const,
    published: [] as EventEnvelope[],
    failNext: 0,
    calls: 0,
    async publish(events: readonly EventEnvelope[]) {
      rec.calls += 1;
      if (delayMs) await sleep(delayMs);
      if (rec.failNext > 0) {
        rec.failNext -= 1;
        throw new Error('bus unavailable');
      }
      rec.published.push(...events);
    },
  };
  return rec;
}

const priceEvent = (productId: string, amount = 1999) => ({
  type: 'price.changed',
  source: 'pricing',
  payload: { productId, currency: 'EUR', amount, regularAmount: 2499 },
});

async function rows(t: TestDb, outbox: OutboxTable) {
  return t.db.select().from(outbox).orderBy(outbox.seq);
}

describe('transactional outbox', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('publishes nothing for a transaction that rolls back', async () => {
    const { outbox } = await t.freshSchema();
    const bus = recordingBus();
    await expect(
      t.db.transaction(async (tx) => {
        await enqueueEvent(tx, outbox, priceEvent('p1'));
        throw new Error('business rule violated');
      }),
    ).rejects.toThrow('business rule violated');
    const relay = createOutboxRelay({ db: t.db, outbox, bus });
    expect(await relay.flush()).toBe(0);
    expect(bus.published).toEqual([]);
    expect(await rows(t, outbox)).toEqual([]);
  });

  it('publishes a committed event exactly once, as the envelope enqueue returned', async () => {
    const { outbox } = await t.freshSchema();
    const bus = recordingBus();
    const envelope = await t.db.transaction((tx) => enqueueEvent(tx, outbox, priceEvent('p2')));
    expect(envelope).toMatchObject({ type: 'price.changed', source: 'pricing' });
    expect(envelope.id).toMatch(/^[0-9a-f-]{36}$/);
    const relay = createOutboxRelay({ db: t.db, outbox, bus });
    expect(await relay.flush()).toBe(1);
    expect(await relay.flush()).toBe(0);
    expect(bus.published).toEqual([envelope]);
    const [row] = await rows(t, outbox);
    expect(row!.publishedAt).toBeInstanceOf(Date);
    expect(row!.attempts).toBe(0);
  });

  it('publishes in occurred order, insertion order breaking ties', async () => {
    const { outbox } = await t.freshSchema();
    const bus = recordingBus();
    const at = '2030-01-01T00:00:00.000Z';
    await t.db.transaction(async (tx) => {
      await enqueueEvents(tx, outbox, ['c', 'd', 'e'].map((p) => ({ ...priceEvent(p), occurredAt: at })));
      await enqueueEvent(tx, outbox, { ...priceEvent('a'), occurredAt: '2029-12-31T23:59:59.000Z' });
      await enqueueEvent(tx, outbox, { ...priceEvent('b'), occurredAt: new Date('2029-12-31T23:59:59.500Z') });
    });
    await createOutboxRelay({ db: t.db, outbox, bus, batchSize: 2 }).flush();
    expect(bus.published.map((e) => (e.payload as { productId: string }).productId)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(bus.published[2]!.occurredAt).toBe(at);
  });

  it('rejects an invalid payload with the validator errors and writes nothing', async () => {
    const { outbox } = await t.freshSchema();
    const validate: PayloadValidator = (type, payload) => {
      const amount = (payload as { amount?: unknown }).amount;
      return Number.isInteger(amount) ? { ok: true } : { ok: false, errors: [`${type}: /amount must be integer`] };
    };
    const err = await t.db
      .transaction((tx) => enqueueEvents(tx, outbox, [priceEvent('ok'), priceEvent('bad', 19.99)], validate))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EventValidationError);
    expect((err as Error).message).toContain('/amount must be integer');
    expect((err as EventValidationError).errors).toEqual(['price.changed: /amount must be integer']);
    expect(await rows(t, outbox)).toEqual([]);
    await t.db.transaction((tx) => enqueueEvent(tx, outbox, priceEvent('ok'), validate));
    expect(await rows(t, outbox)).toHaveLength(1);
  });

  it('flush rejects on a bus error and records the attempt; the row stays pending', async () => {
    const { outbox } = await t.freshSchema();
    const bus = recordingBus();
    await t.db.transaction((tx) => enqueueEvent(tx, outbox, priceEvent('p')));
    const relay = createOutboxRelay({ db: t.db, outbox, bus });
    bus.failNext = 1;
    await expect(relay.flush()).rejects.toThrow('bus unavailable');
    const [row] = await rows(t, outbox);
    expect(row).toMatchObject({ attempts: 1, lastError: 'bus unavailable', publishedAt: null });
    expect(await relay.flush()).toBe(1);
    expect(bus.published).toHaveLength(1);
  });

  it('the background loop keeps going after bus errors (backoff, attempts++)', async () => {
    const { outbox } = await t.freshSchema();
    const bus = recordingBus();
    bus.failNext = 3;
    await t.db.transaction((tx) => enqueueEvent(tx, outbox, priceEvent('p')));
    const relay = createOutboxRelay({ db: t.db, outbox, bus, intervalMs: 5, maxBackoffMs: 40 });
    relay.start();
    try {
      await eventually(() => bus.published.length === 1, 5_000, 'publish after failures');
    } finally {
      await relay.stop();
    }
    expect(bus.calls).toBe(4);
    const [row] = await rows(t, outbox);
    expect(row!.attempts).toBe(3);
    expect(row!.publishedAt).not.toBeNull();
  });

  it('notify() wakes an idle loop immediately', async () => {
    const { outbox } = await t.freshSchema();
    const bus = recordingBus();
    const relay = createOutboxRelay({ db: t.db, outbox, bus, intervalMs: 60_000 });
    relay.start();
    try {
      await sleep(50); // first (empty) pass done, now sleeping for a minute
      await t.db.transaction((tx) => enqueueEvent(tx, outbox, priceEvent('p')));
      relay.notify();
      await eventually(() => bus.published.length === 1, 2_000, 'publish after notify');
    } finally {
      await relay.stop();
    }
  });

  it('two relays racing publish every row exactly once', async () => {
    const { outbox } = await t.freshSchema();
    const total = 1_200;
    for (let i = 0; i < total; i += 300) {
      await t.db.transaction((tx) =>
        enqueueEvents(tx, outbox, Array.from({ length: 300 }, (_, j) => priceEvent(`p${i + j}`, i + j))),
      );
    }
    const bus = recordingBus(3);
    const relays = [
      createOutboxRelay({ db: t.db, outbox, bus, batchSize: 50, intervalMs: 5 }),
      createOutboxRelay({ db: await t.other(), outbox, bus, batchSize: 50, intervalMs: 5 }),
    ];
    relays.forEach((r) => r.start());
    const flushed = await Promise.all(relays.map((r) => r.flush()));
    try {
      await eventually(() => bus.published.length >= total, 20_000, 'all published');
      await sleep(50);
    } finally {
      await Promise.all(relays.map((r) => r.stop()));
    }
    const ids = bus.published.map((e) => e.id);
    expect(ids).toHaveLength(total);
    expect(new Set(ids).size).toBe(total);
    expect(flushed.every((n) => n >= 0)).toBe(true);
    const [pending] = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(outbox)
      .where(sql`${outbox.publishedAt} IS NULL`);
    expect(pending!.n).toBe(0);
  });

  it('stores payloads as jsonb, queryable in SQL', async () => {
    const { outbox } = await t.freshSchema();
    const envelope = await t.db.transaction((tx) => enqueueEvent(tx, outbox, priceEvent('json', 42)));
    const [row] = await t.db
      .select({ amount: sql<number>`(${outbox.payload} ->> 'amount')::int` })
      .from(outbox)
      .where(eq(outbox.id, envelope.id));
    expect(row!.amount).toBe(42);
  });
});
