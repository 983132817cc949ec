import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventBus, EventEnvelope } from '../../src/events/index.ts';
import { deferred, eventually, sleep, testEvent } from './helpers.ts';

/** Opens a bus for one test; `cleanup` deletes whatever the test left on a shared backend. */
export interface BusFactory {
  open(): Promise<{ bus: EventBus; cleanup?: () => Promise<void> }>;
}

/** The behaviour every {@link EventBus} implementation must have. */
export function busSuite(name: string, factory: BusFactory): void {
  describe(`EventBus contract: ${name}`, () => {
    const opened: { bus: EventBus; cleanup?: () => Promise<void> }[] = [];
    const open = async () => {
      const handle = await factory.open();
      opened.push(handle);
      return handle.bus;
    };
    const group = () => `g-${randomUUID().slice(0, 8)}`;

    afterEach(async () => {
      for (const { bus, cleanup } of opened.splice(0)) {
        await bus.close();
        await cleanup?.();
      }
    });

    it('delivers every event of the subscribed types, and only those', async () => {
      const bus = await open();
      const got: EventEnvelope[] = [];
      await bus.subscribe({ group: group(), types: ['price.changed', 'stock.changed'], handler: async (e) => void got.push(e) });
      const events = [testEvent('price.changed', { n: 1 }), testEvent('product.upserted'), testEvent('stock.changed', { n: 2 })];
      await bus.publish(events);
      await bus.whenIdle(5_000);
      expect(got.map((e) => e.id).sort()).toEqual([events[0]!.id, events[2]!.id].sort());
      expect(got.find((e) => e.id === events[0]!.id)).toEqual(events[0]);
    });

    it('gives each group every event once and splits a group among its consumers', async () => {
      const bus = await open();
      const [g1, g2] = [group(), group()];
      const seen: Record<string, string[]> = { a: [], b: [], other: [] };
      await bus.subscribe({ group: g1, types: ['order.placed'], consumer: 'a', handler: async (e) => void seen.a!.push(e.id) });
      await bus.subscribe({ group: g1, types: ['order.placed'], consumer: 'b', handler: async (e) => void seen.b!.push(e.id) });
      await bus.subscribe({ group: g2, types: ['order.placed'], handler: async (e) => void seen.other!.push(e.id) });
      const events = Array.from({ length: 40 }, (_, i) => testEvent('order.placed', { i }));
      for (let i = 0; i < events.length; i += 8) await bus.publish(events.slice(i, i + 8));
      await bus.whenIdle(10_000);
      const ids = events.map((e) => e.id).sort();
      expect([...seen.a!, ...seen.b!].sort()).toEqual(ids);
      expect([...seen.other!].sort()).toEqual(ids);
    });

    it('keeps publish order for a single consumer', async () => {
      const bus = await open();
      const got: number[] = [];
      await bus.subscribe({ group: group(), types: ['price.changed'], handler: async (e) => void got.push((e.payload as { i: number }).i) });
      const events = Array.from({ length: 25 }, (_, i) => testEvent('price.changed', { i }));
      await bus.publish(events.slice(0, 10));
      await bus.publish(events.slice(10));
      await bus.whenIdle(5_000);
      expect(got).toEqual(events.map((_, i) => i));
    });

    it('redelivers an event whose handler throws until it succeeds', async () => {
      const bus = await open();
      let calls = 0;
      const done: string[] = [];
      await bus.subscribe({
        group: group(),
        types: ['stock.changed'],
        handler: async (e) => {
          calls += 1;
          if (calls < 3) throw new Error(`transient failure ${calls}`);
          done.push(e.id);
        },
      });
      const event = testEvent('stock.changed');
      await bus.publish([event]);
      await bus.whenIdle(10_000);
      expect(calls).toBe(3);
      expect(done).toEqual([event.id]);
      expect((await bus.deadLetters()).filter((d) => d.event.id === event.id)).toEqual([]);
    });

    it('dead-letters an event after 5 failed deliveries', async () => {
      const bus = await open();
      const g = group();
      let calls = 0;
      await bus.subscribe({
        group: g,
        types: ['order.placed'],
        handler: async (e) => {
          if ((e.payload as { poison?: boolean }).poison) {
            calls += 1;
            throw new Error('poison');
          }
        },
      });
      const poison = testEvent('order.placed', { poison: true });
      const fine = testEvent('order.placed');
      await bus.publish([poison, fine]);
      await bus.whenIdle(15_000);
      expect(calls).toBe(5);
      const dead = await bus.deadLetters(1000);
      expect(dead.filter((d) => d.event.id === fine.id)).toEqual([]);
      const mine = dead.filter((d) => d.event.id === poison.id);
      expect(mine).toHaveLength(1);
      expect(mine[0]).toMatchObject({ group: g, deliveries: 5, error: 'poison', event: poison });
    });

    it('starts a new group at the latest event unless asked for the earliest', async () => {
      const bus = await open();
      const before = testEvent('product.upserted', { phase: 'before' });
      await bus.publish([before]);
      const latest: string[] = [];
      const earliest: string[] = [];
      await bus.subscribe({ group: group(), types: ['product.upserted'], handler: async (e) => void latest.push(e.id) });
      await bus.subscribe({ group: group(), types: ['product.upserted'], startFrom: 'earliest', handler: async (e) => void earliest.push(e.id) });
      const after = testEvent('product.upserted', { phase: 'after' });
      await bus.publish([after]);
      await bus.whenIdle(5_000);
      expect(latest).toEqual([after.id]);
      expect(earliest).toEqual([before.id, after.id]);
    });

    it('resumes a group where it stopped: events published while no consumer ran are delivered later', async () => {
      const bus = await open();
      const g = group();
      const first: string[] = [];
      const sub = await bus.subscribe({ group: g, types: ['price.changed'], handler: async (e) => void first.push(e.id) });
      const e1 = testEvent('price.changed');
      await bus.publish([e1]);
      await bus.whenIdle(5_000);
      await sub.close();
      const e2 = testEvent('price.changed');
      await bus.publish([e2]);
      const second: string[] = [];
      await bus.subscribe({ group: g, types: ['price.changed'], handler: async (e) => void second.push(e.id) });
      await bus.whenIdle(5_000);
      expect(first).toEqual([e1.id]);
      expect(second).toEqual([e2.id]);
    });

    it('whenIdle waits for handlers in flight and times out when they hang', async () => {
      const bus = await open();
      await bus.whenIdle(1_000); // nothing subscribed, nothing published
      const gate = deferred();
      let finished = false;
      await bus.subscribe({ group: group(), types: ['stock.changed'], handler: async () => { await gate.promise; finished = true; } });
      await bus.publish([testEvent('stock.changed')]);
      await expect(bus.whenIdle(150)).rejects.toThrow(/not idle/);
      gate.resolve();
      await bus.whenIdle(5_000);
      expect(finished).toBe(true);
    });

    it('close() of a subscription waits for the handler in flight', async () => {
      const bus = await open();
      const started = deferred();
      let finished = false;
      const sub = await bus.subscribe({
        group: group(),
        types: ['order.placed'],
        handler: async () => { started.resolve(); await sleep(100); finished = true; },
      });
      await bus.publish([testEvent('order.placed')]);
      await started.promise;
      await sub.close();
      expect(finished).toBe(true);
    });

    it('rejects malformed envelopes and reserved or empty types', async () => {
      const bus = await open();
      const good = testEvent('price.changed');
      await expect(bus.publish([{ ...good, id: '' }])).rejects.toThrow(/no id/);
      await expect(bus.publish([{ ...good, type: 'dead' }])).rejects.toThrow(/invalid event type/);
      await expect(bus.publish([{ ...good, occurredAt: 'yesterday' }])).rejects.toThrow(/occurredAt/);
      await expect(bus.subscribe({ group: group(), types: [], handler: async () => {} })).rejects.toThrow(/at least one/);
      await expect(bus.subscribe({ group: group(), types: [''], handler: async () => {} })).rejects.toThrow(/invalid event type/);
    });

    it('refuses to publish after close', async () => {
      const bus = await open();
      await bus.close();
      await expect(bus.publish([testEvent('price.changed')])).rejects.toThrow(/closed/);
    });

    it('survives a burst: 500 events, 3 groups, no loss, no duplicates', async () => {
      const bus = await open();
      const counts = new Map<string, number>();
      for (let i = 0; i < 3; i++) {
        await bus.subscribe({
          group: group(),
          types: ['price.changed'],
          handler: async (e) => void counts.set(e.id, (counts.get(e.id) ?? 0) + 1),
        });
      }
      const events = Array.from({ length: 500 }, (_, i) => testEvent('price.changed', { i }));
      await bus.publish(events);
      await bus.whenIdle(20_000);
      expect(counts.size).toBe(500);
      expect([...counts.values()].every((n) => n === 3)).toBe(true);
    });

    it('eventually delivers to a subscriber created after earlier traffic', async () => {
      const bus = await open();
      await bus.publish([testEvent('stock.changed')]);
      const got: string[] = [];
      await bus.subscribe({ group: group(), types: ['stock.changed'], handler: async (e) => void got.push(e.id) });
      const later = testEvent('stock.changed');
      await bus.publish([later]);
      await eventually(() => got.includes(later.id), 5_000, 'delivery');
    });
  });
}
