import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { executeRows, type EventEnvelope, type SubgraphHandle } from '@emporium/kit';
import { createTestKeys, gql, openTestRuntime, serviceHeaders, userHeaders } from '@emporium/kit/testing';
import { migrationsFolder, schema, type InventoryRuntime } from '../src/runtime.ts';
import { buildInventorySubgraph } from '../src/server.ts';
import { seedStock } from '../src/seed.ts';
import { dataset, productId } from './fixtures.ts';

const keys = createTestKeys();
let rt: InventoryRuntime;
let handle: SubgraphHandle;
const received: EventEnvelope[] = [];

const IMPORT = `mutation($items: [StockImportItem!]!) { importStock(items: $items) { updated } }`;
type ImportResult = { importStock: { updated: number } | null };

const onHand = async (id: string, warehouse = 'UK-1') =>
  (await executeRows<{ on_hand: number }>(rt.db.db, sql`select on_hand from inventory.stock where product_id = ${id} and warehouse_code = ${warehouse}`))[0]?.on_hand;
const outboxRows = () =>
  executeRows<{ type: string; source: string; payload: { productId: string; quantityAvailable: number; stockLevel: string } }>(
    rt.db.db,
    sql`select type, source, payload from inventory.outbox order by seq`,
  );

beforeAll(async () => {
  rt = await openTestRuntime({ name: 'inventory', schema, migrationsFolder, keys });
  await seedStock(rt, dataset);
  await rt.bus.subscribe({ group: 'test', types: ['stock.changed'], handler: async (e) => void received.push(e) });
  handle = await buildInventorySubgraph(rt);
  await handle.start();
}, 60_000);

afterAll(async () => {
  await handle?.stop();
  await rt?.close();
});

describe('importStock', () => {
  it('is refused without a service token (FORBIDDEN), also for a signed-in user', async () => {
    const items = [{ productId: productId(1), quantityOnHand: 1 }];
    const anonymous = await gql<ImportResult>(handle.app, IMPORT, { items });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const user = await gql<ImportResult>(handle.app, IMPORT, { items }, await userHeaders(keys, { id: productId(500), roles: ['admin'] }));
    expect(user.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await onHand(productId(1))).toBe(25);
  });

  it('upserts on-hand stock and enqueues stock.changed per product in the same transaction', async () => {
    const headers = await serviceHeaders(keys, 'product');
    const newId = productId(200);
    const res = await gql<ImportResult>(handle.app, IMPORT, {
      items: [
        { productId: productId(1), quantityOnHand: 8 },
        { productId: productId(2), quantityOnHand: 5 }, // unchanged: no write, no event
        { productId: newId, warehouseCode: 'UK-1', quantityOnHand: 40 },
      ],
    }, headers);
    expect(res.errors).toBeUndefined();
    expect(res.data?.importStock?.updated).toBe(2);
    expect(await onHand(productId(1))).toBe(8);
    expect(await onHand(newId)).toBe(40);
    const events = await outboxRows();
    expect(events).toEqual([
      { type: 'stock.changed', source: 'inventory', payload: { productId: productId(1), quantityAvailable: 8, stockLevel: 'LOW_STOCK' } },
      { type: 'stock.changed', source: 'inventory', payload: { productId: newId, quantityAvailable: 40, stockLevel: 'IN_STOCK' } },
    ]);
    // The relay publishes the committed rows to the bus.
    await vi.waitFor(() => expect(received.map((e) => (e.payload as { productId: string }).productId).sort()).toEqual([productId(1), newId].sort()), { timeout: 5_000 });
  });

  it('reports availability net of reserved and committed units in the event', async () => {
    await rt.db.db.execute(sql`update inventory.stock set reserved = 2, committed = 1 where product_id = ${productId(4)}`);
    const res = await gql<ImportResult>(handle.app, IMPORT, { items: [{ productId: productId(4), quantityOnHand: 12 }] }, await serviceHeaders(keys, 'product'));
    expect(res.data?.importStock?.updated).toBe(1);
    const last = (await outboxRows()).at(-1);
    expect(last?.payload).toEqual({ productId: productId(4), quantityAvailable: 9, stockLevel: 'LOW_STOCK' });
  });

  const bad: [string, unknown[]][] = [
    ['a negative quantity', [{ productId: productId(1), quantityOnHand: -1 }]],
    ['a non-UUID product id', [{ productId: 'sku-123', quantityOnHand: 1 }]],
    ['an unknown warehouse', [{ productId: productId(1), warehouseCode: 'XX-9', quantityOnHand: 1 }]],
    ['the same product and warehouse twice', [{ productId: productId(1), quantityOnHand: 1 }, { productId: productId(1), warehouseCode: 'UK-1', quantityOnHand: 2 }]],
    ['more than 1,000 items', Array.from({ length: 1001 }, (_, i) => ({ productId: productId(1000 + i), quantityOnHand: 1 }))],
    ['less than the reserved and committed units', [{ productId: productId(5), quantityOnHand: 3 }, { productId: productId(4), quantityOnHand: 2 }]],
  ];
  it.each(bad)('rejects %s with BAD_USER_INPUT and changes nothing', async (_label, items) => {
    const before = await executeRows(rt.db.db, sql`select product_id, warehouse_code, on_hand from inventory.stock order by 1, 2`);
    const eventsBefore = (await outboxRows()).length;
    const res = await gql<ImportResult>(handle.app, IMPORT, { items }, await serviceHeaders(keys, 'product'));
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(await executeRows(rt.db.db, sql`select product_id, warehouse_code, on_hand from inventory.stock order by 1, 2`)).toEqual(before);
    expect((await outboxRows()).length).toBe(eventsBefore);
  });
});
