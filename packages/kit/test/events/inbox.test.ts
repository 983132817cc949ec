import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  consumeOnce,
  createEnvelope,
  createMemoryBus,
  createOutboxRelay,
  createRedisBus,
  enqueueEvent,
  inboxHandler,
  pruneInbox,
  type AnyPgDatabase,
  type EventBus,
  type EventEnvelope,
} from '../../src/events/index.ts';
import { openTestDb, type TestDb } from './db.ts';

/** Adds the event's `n` to `<schema>.applied` (fails on a second insert of the same event id). */
async function apply(tx: AnyPgDatabase, schema: string, event: EventEnvelope): Promise<void> {
  const n = (event.payload as { n: number }).n;
  await tx.execute(sql.raw(`INSERT INTO "${schema}".applied (event_id, n) VALUES ('${event.id}', ${Number(n)})`));
}

async function appliedRows(t: TestDb, schema: string): Promise<{ event_id: string; n: number }[]> {
  const result = await t.db.execute(sql.raw(`SELECT event_id, n FROM "${schema}".applied ORDER BY n`));
  return ((result as { rows?: unknown[] }).rows ?? (result as unknown as unknown[])) as { event_id: string; n: number }[];
}

describe('inbox', () => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('applies a redelivered event once per group', async () => {
    const { name, inbox } = await t.freshSchema();
    const event = createEnvelope({ type: 'order.placed', source: 'order', payload: { n: 1 } });
    let runs = 0;
    const handler = async (tx: AnyPgDatabase, e: EventEnvelope) => {
      runs += 1;
      await apply(tx, name, e);
    };
    expect(await consumeOnce(t.db, inbox, 'recommendation', event, handler)).toBe(true);
    expect(await consumeOnce(t.db, inbox, 'recommendation', event, handler)).toBe(false);
    expect(runs).toBe(1);
    expect(await appliedRows(t, name)).toEqual([{ event_id: event.id, n: 1 }]);
    // Another group has its own record.
    let otherRuns = 0;
    expect(await consumeOnce(t.db, inbox, 'analytics', event, async () => void (otherRuns += 1))).toBe(true);
    expect(otherRuns).toBe(1);
  });

  it('rolls back the inbox row with the handler, so a failed event is applied on a later delivery', async () => {
    const { name, inbox } = await t.freshSchema();
    const event = createEnvelope({ type: 'order.placed', source: 'order', payload: { n: 7 } });
    const failing = async (tx: AnyPgDatabase, e: EventEnvelope) => {
      await apply(tx, name, e);
      throw new Error('downstream failure after the write');
    };
    await expect(consumeOnce(t.db, inbox, 'g', event, failing)).rejects.toThrow('downstream failure');
    expect(await appliedRows(t, name)).toEqual([]);
    expect(await consumeOnce(t.db, inbox, 'g', event, (tx, e) => apply(tx, name, e))).toBe(true);
    expect(await appliedRows(t, name)).toEqual([{ event_id: event.id, n: 7 }]);
  });

  it('pruneInbox deletes old records only', async () => {
    const { inbox } = await t.freshSchema();
    const event = createEnvelope({ type: 'x.y', source: 's', payload: {} });
    await consumeOnce(t.db, inbox, 'g', event, async () => {});
    expect(await pruneInbox(t.db, inbox, new Date(Date.now() - 60_000))).toBe(0);
    expect(await pruneInbox(t.db, inbox, new Date(Date.now() + 60_000))).toBe(1);
  });

  const buses: [string, () => Promise<{ bus: EventBus; cleanup(): Promise<void> }>][] = [
    ['memory', async () => ({ bus: createMemoryBus(), cleanup: async () => {} })],
  ];
  const redisUrl = process.env.REDIS_URL;
  if (redisUrl) {
    buses.push([
      'redis',
      async () => {
        const prefix = `emporium-test:${randomUUID().slice(0, 8)}:`;
        const bus = await createRedisBus({ url: redisUrl, streamPrefix: prefix, retryBaseMs: 20, blockMs: 200 });
        return {
          bus,
          async cleanup() {
            const c = createClient({ url: redisUrl });
            await c.connect();
            for await (const keys of c.scanIterator({ MATCH: `${prefix}*` })) if (keys.length) await c.del(keys);
            c.destroy();
          },
        };
      },
    ]);
  }

  for (const [kind, openBus] of buses) {
    it(`outbox -> relay -> ${kind} bus -> inbox applies each event once despite failures and duplicates`, async () => {
      const { name, outbox, inbox } = await t.freshSchema();
      const { bus, cleanup } = await openBus();
      try {
        let failuresLeft = 2;
        await bus.subscribe({
          group: 'projection',
          types: ['order.placed'],
          handler: inboxHandler(t.db, inbox, 'projection', async (tx, e) => {
            await apply(tx, name, e);
            if ((e.payload as { n: number }).n === 2 && failuresLeft-- > 0) throw new Error('flaky dependency');
          }),
        });
        const envelopes = await t.db.transaction(async (tx) => [
          await enqueueEvent(tx, outbox, { type: 'order.placed', source: 'order', payload: { n: 1 } }),
          await enqueueEvent(tx, outbox, { type: 'order.placed', source: 'order', payload: { n: 2 } }),
        ]);
        const relay = createOutboxRelay({ db: t.db, outbox, bus });
        expect(await relay.flush()).toBe(2);
        await bus.publish(envelopes); // a duplicate publish, e.g. a relay that crashed before committing
        await bus.whenIdle(15_000);
        expect(failuresLeft).toBe(-1); // n=2 failed twice, then succeeded (third call saw 0)
        expect(await appliedRows(t, name)).toEqual(envelopes.map((e, i) => ({ event_id: e.id, n: i + 1 })));
      } finally {
        await bus.close();
        await cleanup();
      }
    });
  }
});
