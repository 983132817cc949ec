import { createEnvelope, createOutboxRelay, enqueueEvent, executeRows, type OutboxRelay, type SubgraphHandle } from '@emporium/kit';
import { validateEventPayload } from '@emporium/events';
import { gql, openTestRuntime } from '@emporium/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { outbox } from '../src/db/schema.ts';
import { migrationsFolder, schema, type ProductRuntime } from '../src/runtime.ts';
import { handleSearchEvent } from '../src/search/consumer.ts';
import { applyDuePrices, STALENESS_BOUND_MS } from '../src/search/projection.ts';
import { seedProducts } from '../src/seed.ts';
import { buildProductSubgraph } from '../src/server.ts';
import { byTitle, searchFixture } from './search-fixtures.ts';

let rt: ProductRuntime;
let clock: Awaited<ReturnType<typeof openTestRuntime>>['clock'];
let handle: SubgraphHandle;
let relay: OutboxRelay;
const fixture = searchFixture();

beforeAll(async () => {
  const opened = await openTestRuntime({ name: 'product', schema, migrationsFolder });
  rt = opened;
  clock = opened.clock;
  await seedProducts(rt, { products: fixture });
  handle = await buildProductSubgraph(rt);
  await handle.start(); // subscribes the search projection to price.changed and stock.changed
  // Stands in for the pricing/inventory subgraphs' relays: same kit relay, default 1 s poll, on an outbox table.
  relay = createOutboxRelay({ db: rt.db.background, outbox, bus: rt.bus });
  relay.start();
});
afterAll(async () => {
  await relay?.stop();
  await handle?.stop();
  await rt?.close();
});

const SEARCH = `query($q: String, $f: ProductSearchFilter, $s: ProductSearchSort) { searchProducts(query: $q, filter: $f, sort: $s, first: 100) { totalCount edges { node { id title } } } }`;
async function ids(vars: Record<string, unknown>): Promise<string[]> {
  const res = await gql<{ searchProducts: { edges: { node: { id: string } }[] } }>(handle.app, SEARCH, vars);
  expect(res.errors).toBeUndefined();
  return res.data!.searchProducts.edges.map((e) => e.node.id);
}

/** Publishes like pricing does: the event row is inserted in the producer's transaction and relayed after commit. */
async function publishPrice(productId: string, amount: number, regularAmount: number, opts: { notify: boolean }): Promise<number> {
  await rt.db.background.transaction(async (tx) => {
    await enqueueEvent(
      tx,
      outbox,
      { type: 'price.changed', source: 'pricing', occurredAt: rt.clock.now(), payload: { productId, currency: 'GBP', amount, regularAmount, validFrom: rt.clock.now().toISOString(), validUntil: null } },
      validateEventPayload,
    );
  });
  const committedAt = Date.now();
  if (opts.notify) relay.notify();
  return committedAt;
}

/** Polls the search until `check` holds; returns the milliseconds since `since`, or throws after twice the bound. */
async function visibleAfter(since: number, check: () => Promise<boolean>): Promise<number> {
  for (;;) {
    if (await check()) return Date.now() - since;
    if (Date.now() - since > 2 * STALENESS_BOUND_MS) throw new Error('change never became searchable');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('search projection fed by events', () => {
  it('loads seeded prices and stock from the same source numbers the pricing and inventory seeds use', async () => {
    const rows = await executeRows<{ sku: string; price: number | null; quantity: number; in_stock: boolean }>(
      rt.db.db,
      sql`select sku, price_amount::int as price, quantity, in_stock from product.search_documents order by sku`,
    );
    expect(rows).toEqual(
      [...fixture].sort((a, b) => a.sku.localeCompare(b.sku)).map((p) => ({ sku: p.sku, price: p.unitPriceMinor, quantity: p.quantityOnHand, in_stock: p.quantityOnHand > 0 })),
    );
  });

  it(`makes a price change published by pricing searchable within the bound (${STALENESS_BOUND_MS} ms), even without the commit notification`, async () => {
    const p = byTitle('Bluetooth Speaker'); // £29.99, no discount
    expect(await ids({ f: { minDiscountPercent: 50 } })).not.toContain(p.id);
    // Worst case: the relay is not woken and picks the row up on its next 1 s poll.
    const since = await publishPrice(p.id, 1499, 2999, { notify: false });
    const elapsed = await visibleAfter(since, async () => (await ids({ f: { minDiscountPercent: 50 } })).includes(p.id));
    expect(elapsed).toBeLessThanOrEqual(STALENESS_BOUND_MS);
    // Price filters and sorts see the new price too.
    expect(await ids({ f: { price: { max: 1500 } }, s: 'PRICE_DESC' })).toContain(p.id);
    const disc = await ids({ s: 'DISCOUNT' });
    expect(disc[0]).toBe(p.id);
  });

  it('is usually far faster when the producer notifies its relay on commit', async () => {
    const p = byTitle('Garden Lantern Large');
    const since = await publishPrice(p.id, 9000, 12000, { notify: true });
    const elapsed = await visibleAfter(since, async () => (await ids({ f: { minDiscountPercent: 25 } })).includes(p.id));
    expect(elapsed).toBeLessThanOrEqual(STALENESS_BOUND_MS);
  });

  it('applies stock.changed: a product sold out leaves "in stock only" and moves in the availability facet', async () => {
    const p = byTitle('Retrospot Mug');
    expect(await ids({ f: { inStockOnly: true } })).toContain(p.id);
    await rt.bus.publish([createEnvelope({ type: 'stock.changed', source: 'inventory', payload: { productId: p.id, quantityAvailable: 0, stockLevel: 'OUT_OF_STOCK' } })]);
    await rt.bus.whenIdle();
    expect(await ids({ f: { inStockOnly: true } })).not.toContain(p.id);
    const [row] = await executeRows<{ quantity: number; in_stock: boolean }>(rt.db.db, sql`select quantity, in_stock from product.search_documents where product_id = ${p.id}::uuid`);
    expect(row).toEqual({ quantity: 0, in_stock: false });
  });

  it('applies each event once, ignores older events than the one applied, other currencies and malformed payloads', async () => {
    const p = byTitle('Wooden Star Decoration');
    const at = (iso: string) => new Date(iso);
    const price = (amount: number, occurredAt: string, currency = 'GBP') =>
      createEnvelope({ type: 'price.changed', source: 'pricing', occurredAt: at(occurredAt), payload: { productId: p.id, currency, amount, regularAmount: amount, validFrom: occurredAt, validUntil: null } });
    const newer = price(80, '2026-11-21T12:00:00Z');
    expect(await handleSearchEvent(rt, newer)).toBe(true);
    expect(await handleSearchEvent(rt, newer)).toBe(false); // redelivery: inbox
    expect(await handleSearchEvent(rt, price(70, '2026-11-20T12:00:00Z'))).toBe(true); // consumed, but older
    expect(await handleSearchEvent(rt, price(10, '2026-11-22T12:00:00Z', 'EUR'))).toBe(true); // consumed, not GBP
    const bad = createEnvelope({ type: 'price.changed', source: 'pricing', payload: { productId: 'nope', amount: -1 } });
    expect(await handleSearchEvent(rt, bad)).toBe(true); // consumed and ignored (logged), never retried forever
    const [row] = await executeRows<{ price: number }>(rt.db.db, sql`select price_amount::int as price from product.search_documents where product_id = ${p.id}::uuid`);
    expect(row?.price).toBe(80);
  });

  it('keeps event-fed prices when the demo seed runs again', async () => {
    const p = byTitle('Wooden Star Decoration');
    await seedProducts(rt, { products: fixture });
    const [row] = await executeRows<{ price: number }>(rt.db.db, sql`select price_amount::int as price from product.search_documents where product_id = ${p.id}::uuid`);
    expect(row?.price).toBe(80);
  });

  it('applies a sale when its window opens and the regular price when it closes (scheduled prices)', async () => {
    const p = byTitle('Teacup and Saucer Set'); // 295 pence
    const hour = 3_600_000;
    const now = clock.now().getTime();
    const priceOf = async () =>
      (await executeRows<{ price: number; discount: number }>(rt.db.db, sql`select price_amount::int as price, discount_percent as discount from product.search_documents where product_id = ${p.id}::uuid`))[0];
    const sale = createEnvelope({
      type: 'price.changed',
      source: 'pricing',
      occurredAt: new Date(now),
      payload: { productId: p.id, currency: 'GBP', amount: 200, regularAmount: 295, validFrom: new Date(now + hour).toISOString(), validUntil: new Date(now + 2 * hour).toISOString() },
    });
    expect(await handleSearchEvent(rt, sale)).toBe(true);
    expect(await priceOf()).toEqual({ price: 295, discount: 0 }); // not started yet
    clock.advance(hour);
    await applyDuePrices(rt.db.background, clock.now()); // the running sweeper may have done it already: same result
    expect(await priceOf()).toEqual({ price: 200, discount: 32 });
    expect(await ids({ f: { minDiscountPercent: 30 } })).toContain(p.id);
    clock.advance(hour);
    await applyDuePrices(rt.db.background, clock.now());
    expect(await priceOf()).toEqual({ price: 295, discount: 0 });
    const [left] = await executeRows<{ n: number }>(rt.db.db, sql`select count(*)::int as n from product.search_price_schedule`);
    expect(left!.n).toBe(0);
    // A sale whose window is already over when the event arrives leaves the regular price.
    const over = createEnvelope({
      type: 'price.changed',
      source: 'pricing',
      occurredAt: clock.now(),
      payload: { productId: p.id, currency: 'GBP', amount: 100, regularAmount: 300, validFrom: new Date(now).toISOString(), validUntil: new Date(now + hour).toISOString() },
    });
    expect(await handleSearchEvent(rt, over)).toBe(true);
    expect(await priceOf()).toEqual({ price: 300, discount: 0 });
  });
});
