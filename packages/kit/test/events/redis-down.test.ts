import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisBus, type EventBus, type Logger } from '../../src/events/index.ts';
import { hasRedisServer, startRedisServer, type TestRedisServer } from '../../src/testing/redis.ts';
import { eventually, testEvent } from './helpers.ts';

const available = hasRedisServer();
if (!available) console.warn('skipping Redis-down bus tests: no redis-server binary on PATH');

const quiet: Logger = { warn() {}, info() {}, error() {} };

/** Publishes a fresh event every 100 ms until `received` reports it (the group may need recreating first). */
async function publishUntilReceived(bus: EventBus, type: string, received: Set<string>, timeoutMs = 10_000) {
  await eventually(
    async () => {
      const e = testEvent(type);
      await bus.publish([e]).catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
      return received.has(e.id);
    },
    timeoutMs,
    `delivery of ${type}`,
  );
}

describe.skipIf(!available)('Redis bus while Redis is down', () => {
  let server: TestRedisServer;
  let bus: EventBus;

  beforeAll(async () => {
    server = await startRedisServer();
    bus = await createRedisBus({ url: server.url, logger: quiet, blockMs: 200, retryBaseMs: 20 });
  });

  afterAll(async () => {
    await bus?.close();
    await server?.stop();
  });

  it('fails publishes fast while down and resumes consuming after a restart', async () => {
    const received = new Set<string>();
    await bus.subscribe({ group: 'down', types: ['stock.changed'], handler: async (e) => void received.add(e.id) });
    const first = testEvent('stock.changed');
    await bus.publish([first]);
    await bus.whenIdle(5_000);
    expect(received.has(first.id)).toBe(true);

    await server.stop();
    const start = performance.now();
    await expect(bus.publish([testEvent('stock.changed')])).rejects.toThrow();
    expect(performance.now() - start).toBeLessThan(1_000);

    await server.restart(); // no persistence: the stream and the group are gone
    await publishUntilReceived(bus, 'stock.changed', received);
  });

  it('can be created and subscribed while Redis is down, and starts consuming when it is back', async () => {
    await server.stop();
    const start = performance.now();
    const late = await createRedisBus({ url: server.url, logger: quiet, blockMs: 200 });
    try {
      const received = new Set<string>();
      await late.subscribe({ group: 'late', types: ['price.changed'], handler: async (e) => void received.add(e.id) });
      expect(performance.now() - start).toBeLessThan(4_000);
      await server.restart();
      await publishUntilReceived(late, 'price.changed', received);
    } finally {
      await late.close();
    }
  });
});
