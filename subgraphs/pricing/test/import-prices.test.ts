import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { executeRows, type EventEnvelope, type SubgraphHandle } from '@emporium/kit';
import { createTestKeys, gql, openTestRuntime, serviceHeaders, TEST_NOW, userHeaders } from '@emporium/kit/testing';
import { migrationsFolder, schema, type PricingRuntime } from '../src/runtime.ts';
import { buildPricingSubgraph } from '../src/server.ts';
import { seedPrices } from '../src/seed.ts';
import { dataset, productId } from './fixtures.ts';

const keys = createTestKeys();
let rt: PricingRuntime;
let handle: SubgraphHandle;
const received: EventEnvelope[] = [];

const IMPORT = `mutation($items: [PriceImportItem!]!) { importPrices(items: $items) { updated } }`;
type ImportResult = { importPrices: { updated: number } | null };
const rowsOf = (table: 'prices' | 'price_history') =>
  executeRows<{ product_id: string; currency: string; amount: string | number }>(
    rt.db.db,
    sql`select product_id::text, currency, amount from ${sql.raw(`pricing.${table}`)} order by 1, 2, amount`,
  ).then((rows) => rows.map((r) => ({ ...r, amount: Number(r.amount) })));
const outboxRows = () => executeRows<{ type: string; source: string; payload: unknown }>(rt.db.db, sql`select type, source, payload from pricing.outbox order by seq`);
const service = () => serviceHeaders(keys, 'product');

beforeAll(async () => {
  rt = await openTestRuntime({ name: 'pricing', schema, migrationsFolder, keys });
  await seedPrices(rt, dataset);
  await rt.bus.subscribe({ group: 'test', types: ['price.changed'], handler: async (e) => void received.push(e) });
  handle = await buildPricingSubgraph(rt);
  await handle.start();
}, 60_000);

afterAll(async () => {
  await handle?.stop();
  await rt?.close();
});

describe('importPrices', () => {
  it('is refused without a service token (FORBIDDEN)', async () => {
    const items = [{ productId: productId(1), amount: 999, currency: 'GBP' }];
    expect((await gql<ImportResult>(handle.app, IMPORT, { items })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const asUser = await gql<ImportResult>(handle.app, IMPORT, { items }, await userHeaders(keys, { id: productId(800), roles: ['admin'] }));
    expect(asUser.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('upserts prices, appends history and enqueues price.changed in one transaction', async () => {
    const historyBefore = (await rowsOf('price_history')).length;
    const res = await gql<ImportResult>(handle.app, IMPORT, {
      items: [
        { productId: productId(1), amount: 275, currency: 'GBP' },
        { productId: productId(3), amount: 320, currency: 'GBP' },
        { productId: productId(2), amount: 299, currency: 'GBP' }, // unchanged: nothing written
      ],
    }, await service());
    expect(res.errors).toBeUndefined();
    expect(res.data?.importPrices?.updated).toBe(2);
    const prices = await rowsOf('prices');
    expect(prices).toContainEqual({ product_id: productId(1), currency: 'GBP', amount: 275 });
    expect(prices).toContainEqual({ product_id: productId(3), currency: 'GBP', amount: 320 });
    // The seed wrote a history row "from now" for every product; the import replaces it at the same instant.
    const atNow = await executeRows<{ product_id: string; amount: string | number }>(rt.db.db, sql`select product_id::text, amount from pricing.price_history where valid_from = ${TEST_NOW} and product_id in (${productId(1)}, ${productId(3)}) order by 1`);
    expect(atNow.map((r) => Number(r.amount))).toEqual([275, 320]);
    expect((await rowsOf('price_history')).length).toBe(historyBefore);
    const validFrom = TEST_NOW;
    expect(await outboxRows()).toEqual([
      { type: 'price.changed', source: 'pricing', payload: { productId: productId(1), currency: 'GBP', amount: 275, regularAmount: 275, validFrom, validUntil: null } },
      { type: 'price.changed', source: 'pricing', payload: { productId: productId(3), currency: 'GBP', amount: 320, regularAmount: 320, validFrom, validUntil: null } },
    ]);
    await vi.waitFor(() => expect(received).toHaveLength(2), { timeout: 5_000 });
  });

  it('changes the price shown in every currency at once', async () => {
    const q = `{ _entities(representations: [{ __typename: "Product", id: "${productId(1)}" }]) { ... on Product { gb: price { current { amount } } fr: price(currency: "EUR", country: "FR") { current { amount currency formatted } } } } }`;
    const res = await gql<{ _entities: { gb: { current: { amount: number } }; fr: { current: { amount: number; currency: string; formatted: string } } }[] }>(handle.app, q);
    expect(res.data?._entities[0]?.gb.current.amount).toBe(275);
    // 275 / 1.2 × 1.17 × 1.2 = 321.75 → €3.22
    expect(res.data?._entities[0]?.fr.current).toMatchObject({ amount: 322, currency: 'EUR' });
    expect(res.data?._entities[0]?.fr.current.formatted).toMatch(/^3,22\s€$/);
  });

  it.each([
    ['a zero amount', [{ productId: productId(3), amount: 0, currency: 'GBP' }]],
    ['a negative amount', [{ productId: productId(3), amount: -5, currency: 'GBP' }]],
    ['an unknown currency', [{ productId: productId(3), amount: 100, currency: 'XYZ' }]],
    ['a currency other than the base GBP', [{ productId: productId(3), amount: 100, currency: 'EUR' }]],
    ['a non-UUID product id', [{ productId: 'P3', amount: 100, currency: 'GBP' }]],
    ['the same product and currency twice', [{ productId: productId(3), amount: 100, currency: 'GBP' }, { productId: productId(3), amount: 101, currency: 'GBP' }]],
    ['more than 1,000 items', Array.from({ length: 1001 }, (_, i) => ({ productId: productId(1000 + i), amount: 100, currency: 'GBP' }))],
  ])('rejects %s with BAD_USER_INPUT and writes nothing', async (_label, items) => {
    const before = [await rowsOf('prices'), await rowsOf('price_history'), await outboxRows()];
    const res = await gql<ImportResult>(handle.app, IMPORT, { items }, await service());
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect([await rowsOf('prices'), await rowsOf('price_history'), await outboxRows()]).toEqual(before);
  });
});
