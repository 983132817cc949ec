import { randomUUID } from 'node:crypto';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus, createRedisBus, type EventBus, type RedisBusOptions } from '../../src/events/index.ts';
import { busSuite } from './bus-suite.ts';
import { eventually, testEvent } from './helpers.ts';

const url = process.env.REDIS_URL;
const runPrefix = `emporium-test:${randomUUID().slice(0, 8)}:`;

/** Deletes every stream under `prefix` on the shared Redis. */
async function deletePrefix(prefix: string): Promise<void> {
  const client = createClient({ url: url! });
  await client.connect();
  try {
    for await (const keys of client.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
      if (keys.length > 0) await client.del(keys);
    }
  } finally {
    client.destroy();
  }
}

const fastBus = (prefix: string, extra: Partial<RedisBusOptions> = {}) =>
  createRedisBus({ url: url!, streamPrefix: prefix, retryBaseMs: 20, blockMs: 200, ...extra });

describe.skipIf(!url)('Redis bus (REDIS_URL)', () => {
  busSuite('redis', {
    async open() {
      const prefix = `${runPrefix}${randomUUID().slice(0, 8)}:`;
      return { bus: await fastBus(prefix), cleanup: () => deletePrefix(prefix) };
    },
  });

  describe('Redis specifics', () => {
    let raw: ReturnType<typeof createClient>;
    const prefix = `${runPrefix}specifics:`;
    const buses: EventBus[] = [];
    const bus = async (extra: Partial<RedisBusOptions> = {}) => {
      const b = await fastBus(prefix, extra);
      buses.push(b);
      return b;
    };

    beforeAll(async () => {
      raw = createClient({ url: url! });
      await raw.connect();
    });

    afterAll(async () => {
      for (const b of buses) await b.close();
      await deletePrefix(prefix);
      raw.destroy();
    });

    it('uses one stream per type with approximate MAXLEN, and a consumer group per subscriber group', async () => {
      const b = await bus({ streamMaxLen: 50 });
      await b.subscribe({ group: 'maxlen-group', types: ['maxlen.test'], handler: async () => {} });
      for (let i = 0; i < 10; i++) {
        await b.publish(Array.from({ length: 100 }, () => testEvent('maxlen.test')));
      }
      await b.whenIdle(20_000);
      const len = await raw.xLen(`${prefix}maxlen.test`);
      expect(len).toBeGreaterThanOrEqual(50);
      expect(len).toBeLessThan(1000);
      const groups = await raw.sendCommand(['XINFO', 'GROUPS', `${prefix}maxlen.test`]);
      expect(JSON.stringify(groups)).toContain('maxlen-group');
      const [entry] = await raw.xRange(`${prefix}maxlen.test`, '-', '+', { COUNT: 1 });
      expect(Object.keys(entry!.message).sort()).toEqual(['id', 'occurredAt', 'payload', 'source', 'type']);
    });

    it('takes over events a crashed consumer left pending (XAUTOCLAIM after claimIdleMs)', async () => {
      const b = await bus({ claimIdleMs: 300 });
      const key = `${prefix}claim.test`;
      const got: { id: string }[] = [];
      // The group exists; a consumer that then "crashes" reads an event and never acknowledges it.
      const sub = await b.subscribe({ group: 'claimers', types: ['claim.test'], handler: async (e) => void got.push(e) });
      await sub.close();
      const event = testEvent('claim.test');
      await b.publish([event]);
      const read = await raw.xReadGroup('claimers', 'crashed', { key, id: '>' }, { COUNT: 10 });
      expect(JSON.stringify(read)).toContain(event.id);
      await b.subscribe({ group: 'claimers', types: ['claim.test'], consumer: 'survivor', handler: async (e) => void got.push(e) });
      await eventually(() => got.length === 1, 5_000, 'claimed delivery');
      expect(got[0]!.id).toBe(event.id);
      await b.whenIdle(5_000);
    });

    it('a restarted consumer with a stable name takes back its own pending events at once', async () => {
      const b = await bus(); // default claimIdleMs: 30 s, so only own-recovery can explain a quick delivery
      const key = `${prefix}own.test`;
      await raw.sendCommand(['XGROUP', 'CREATE', key, 'owners', '$', 'MKSTREAM']);
      const event = testEvent('own.test');
      await b.publish([event]);
      await raw.xReadGroup('owners', 'svc-1', { key, id: '>' }, { COUNT: 10 });
      const got: string[] = [];
      await b.subscribe({ group: 'owners', types: ['own.test'], consumer: 'svc-1', handler: async (e) => void got.push(e.id) });
      await eventually(() => got.length === 1, 3_000, 'own recovery');
      expect(got).toEqual([event.id]);
    });

    it('writes dead letters to <prefix>dead with the failure details', async () => {
      const b = await bus();
      await b.subscribe({ group: 'dl', types: ['dl.test'], handler: async () => { throw new Error('broken'); } });
      const event = testEvent('dl.test');
      await b.publish([event]);
      await b.whenIdle(10_000);
      const dead = await raw.xRange(`${prefix}dead`, '-', '+');
      const entry = dead.find((d) => d.message.id === event.id);
      expect(entry?.message).toMatchObject({ group: 'dl', deliveries: '5', error: 'broken', type: 'dl.test' });
      const pending = await raw.sendCommand(['XPENDING', `${prefix}dl.test`, 'dl']);
      expect((pending as unknown as unknown[])[0]).toBe(0);
    });

    it('recreates its groups when the stream is deleted under it', async () => {
      const b = await bus();
      const got: string[] = [];
      await b.subscribe({ group: 'phoenix', types: ['gone.test'], handler: async (e) => void got.push(e.id) });
      await raw.del(`${prefix}gone.test`);
      await eventually(async () => {
        const e = testEvent('gone.test');
        await b.publish([e]);
        await new Promise((r) => setTimeout(r, 150));
        return got.length > 0;
      }, 10_000, 'delivery after stream deletion');
    });

    it('createEventBus with a Redis URL is the Redis bus', async () => {
      const b = await createEventBus({ redisUrl: url! });
      buses.push(b);
      expect(b.kind).toBe('redis');
    });
  });
});
