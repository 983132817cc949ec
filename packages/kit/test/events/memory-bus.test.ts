import { describe, expect, it } from 'vitest';
import { createEventBus, createMemoryBus, type Logger } from '../../src/events/index.ts';
import { busSuite } from './bus-suite.ts';
import { testEvent } from './helpers.ts';

busSuite('memory', { open: async () => ({ bus: createMemoryBus() }) });

describe('memory bus specifics', () => {
  it('never runs handlers synchronously inside publish', async () => {
    const bus = createMemoryBus();
    let handled = 0;
    await bus.subscribe({ group: 'g', types: ['price.changed'], handler: async () => void (handled += 1) });
    await bus.publish([testEvent('price.changed')]);
    await Promise.resolve();
    expect(handled).toBe(0);
    await bus.whenIdle();
    expect(handled).toBe(1);
    await bus.close();
  });

  it('hands handlers a copy, so a handler cannot alter what others or the publisher see', async () => {
    const bus = createMemoryBus();
    const event = testEvent('price.changed', { amount: 100 });
    const seen: unknown[] = [];
    await bus.subscribe({ group: 'a', types: ['price.changed'], handler: async (e) => void ((e.payload as { amount: number }).amount = 0) });
    await bus.subscribe({ group: 'b', types: ['price.changed'], handler: async (e) => void seen.push(e.payload) });
    await bus.publish([event]);
    await bus.whenIdle();
    expect((event.payload as { amount: number }).amount).toBe(100);
    expect(seen).toEqual([event.payload]);
    await bus.close();
  });

  it('logs retries at warn and dead letters at error', async () => {
    const logs: { level: string; msg?: string }[] = [];
    const logger: Logger = {
      warn: (_o, msg) => void logs.push({ level: 'warn', msg }),
      info: () => {},
      error: (_o, msg) => void logs.push({ level: 'error', msg }),
    };
    const bus = createMemoryBus({ logger, maxDeliveries: 2 });
    await bus.subscribe({ group: 'g', types: ['x.failed'], handler: async () => { throw new Error('nope'); } });
    await bus.publish([testEvent('x.failed')]);
    await bus.whenIdle();
    expect(logs.map((l) => l.level)).toEqual(['warn', 'error']);
    expect((await bus.deadLetters())[0]?.deliveries).toBe(2);
    await bus.close();
  });

  it('createEventBus without a Redis URL is the memory bus', async () => {
    const bus = await createEventBus({});
    expect(bus.kind).toBe('memory');
    await bus.close();
  });
});

describe('Logger compatibility', () => {
  it('accepts a pino logger', async () => {
    const { pino } = await import('pino');
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    const asKitLogger: Logger = log; // compile-time check: pino satisfies the kit Logger
    const bus = createMemoryBus({ logger: asKitLogger, maxDeliveries: 1 });
    await bus.subscribe({ group: 'g', types: ['x.failed'], handler: async () => { throw new Error('boom'); } });
    await bus.publish([testEvent('x.failed')]);
    await bus.whenIdle();
    await bus.close();
    expect(lines.some((l) => l.includes('dead-lettered') && l.includes('boom'))).toBe(true);
  });
});
