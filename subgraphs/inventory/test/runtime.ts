import { createLogger, createMemoryBus, createMemoryCache, fixedClock, loadServiceConfig, openServiceRuntime, type Keys } from '@emporium/kit';
import { openTestDatabase, TEST_NOW } from '@emporium/kit/testing';
import { migrationsFolder, schema, type InventoryRuntime } from '../src/runtime.ts';

/**
 * Like `openTestRuntime` from the kit (throwaway database, in-memory cache and bus, fixed clock at TEST_NOW), with a
 * chosen pool size on PostgreSQL: the concurrency tests use a dedicated pool of 10 — bounded, but wide enough that
 * transactions really overlap.
 */
export async function openInventoryTestRuntime(keys: Keys, poolMax: number): Promise<InventoryRuntime & { clock: ReturnType<typeof fixedClock> }> {
  const db = await openTestDatabase({ name: 'inventory', schema, migrationsFolder, poolMax });
  const clock = fixedClock(TEST_NOW);
  const rt = await openServiceRuntime({
    name: 'inventory',
    schema,
    migrationsFolder,
    config: { ...loadServiceConfig('inventory', {}), logLevel: 'silent' },
    logger: createLogger('inventory', process.env.TEST_LOG_LEVEL ?? 'silent'),
    db,
    shared: { cache: createMemoryCache(), bus: createMemoryBus(), keys, clock },
  });
  const close = rt.close;
  return {
    ...rt,
    clock,
    async close() {
      await close();
      await rt.bus.close();
      await rt.cache.close();
      await db.close();
    },
  };
}
