import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnvelope, executeRows } from '@emporium/kit';
import { openTestRuntime } from '@emporium/kit/testing';
import { catalogRowOf, handleProductUpserted } from '../src/catalog.ts';
import { enrichDeals } from '../src/enrich/index.ts';
import { linkToCatalog } from '../src/enrich/link.ts';
import { migrationsFolder, schema, type DealSchema } from '../src/runtime.ts';
import { buildDealSubgraph } from '../src/server.ts';

let rt: Awaited<ReturnType<typeof openTestRuntime<DealSchema>>>;
let handle: Awaited<ReturnType<typeof buildDealSubgraph>>;
const P1 = '42000000-0000-4000-8000-000000000001';
const payload = (title: string) => ({ productId: P1, sku: 'X1', title, slug: 'x1', categoryPath: ['Kitchen', 'Baking'], brand: null });

beforeAll(async () => {
  rt = await openTestRuntime({ name: 'deal', schema, migrationsFolder });
  handle = await buildDealSubgraph(rt, { ingestion: { intervalMs: 0 } });
  await handle.start();
}, 60_000);

afterAll(async () => {
  await handle?.stop();
  await rt?.close();
});

const catalog = () => executeRows<{ product_id: string; title: string; category: string | null }>(rt.db.db, sql`select product_id::text, title, category from deal.catalog_products order by product_id`);

describe('catalog copy from product.upserted', () => {
  it('keeps the latest title per product, applies each event once, ignores older events', async () => {
    const first = createEnvelope({ type: 'product.upserted', source: 'product', payload: payload('Enamel Pie Dish Large'), occurredAt: '2026-11-20T10:00:00Z' });
    await rt.bus.publish([first]);
    await rt.bus.whenIdle();
    expect(await catalog()).toEqual([{ product_id: P1, title: 'Enamel Pie Dish Large', category: 'Kitchen > Baking' }]);

    const newer = createEnvelope({ type: 'product.upserted', source: 'product', payload: payload('Enamel Pie Dish, Large'), occurredAt: '2026-11-21T10:00:00Z' });
    const older = createEnvelope({ type: 'product.upserted', source: 'product', payload: payload('Old Title'), occurredAt: '2026-11-19T10:00:00Z' });
    await rt.bus.publish([newer, older]);
    await rt.bus.whenIdle();
    expect((await catalog())[0]?.title).toBe('Enamel Pie Dish, Large');

    expect(await handleProductUpserted(rt, newer)).toBe(false); // redelivery: already in the inbox
    const [inbox] = await executeRows<{ n: number }>(rt.db.db, sql`select count(*)::int as n from deal.inbox where consumer_group = 'deal-catalog'`);
    expect(Number(inbox?.n)).toBe(3);
  });

  it('reads payloads defensively', () => {
    expect(catalogRowOf({ productId: 'nope', title: 'x' }, '2026-11-21T00:00:00Z')).toBeNull();
    expect(catalogRowOf({ productId: P1, title: '  ' }, '2026-11-21T00:00:00Z')).toBeNull();
    expect(catalogRowOf(null, '2026-11-21T00:00:00Z')).toBeNull();
  });

  it('links a feed deal to the product by title once the catalog copy has it', async () => {
    await rt.db.db.execute(sql`insert into deal.merchants (id, name, reputation) values ('50000000-0000-4000-8000-00000000000a', 'Pie Shop', 0.9)`);
    await rt.db.db.execute(sql`insert into deal.deals (id, merchant_id, title, url, price_amount, original_amount, currency, starts_at)
      values ('60000000-0000-4000-8000-00000000000a', '50000000-0000-4000-8000-00000000000a', 'LARGE ENAMEL PIE DISH - 20% off', 'https://pie.example/1', 800, 1000, 'GBP', '2026-11-01T00:00:00Z')`);
    const report = await enrichDeals(rt.db.db, rt.clock.now());
    expect(report.linked.title).toBe(1);
    const [row] = await executeRows<{ product_id: string; product_match: string }>(rt.db.db, sql`select product_id::text, product_match from deal.deals where id = '60000000-0000-4000-8000-00000000000a'`);
    expect(row).toEqual({ product_id: P1, product_match: 'title' });
    expect((await enrichDeals(rt.db.db, rt.clock.now())).changed).toBe(0); // nothing changed: nothing written
  });

  it('lends the GTIN of a linked deal to a deal whose title does not match, and is stable on the next pass', async () => {
    await rt.db.db.execute(sql`update deal.deals set gtin = '5012345678900' where id = '60000000-0000-4000-8000-00000000000a'`);
    await rt.db.db.execute(sql`insert into deal.merchants (id, name, reputation) values ('50000000-0000-4000-8000-00000000000b', 'Other Pie Shop', 0.9)`);
    await rt.db.db.execute(sql`insert into deal.deals (id, merchant_id, title, url, price_amount, original_amount, currency, starts_at, gtin)
      values ('60000000-0000-4000-8000-00000000000b', '50000000-0000-4000-8000-00000000000b', 'Bakeware item 77', 'https://pie2.example/1', 700, 1000, 'GBP', '2026-11-01T00:00:00Z', '5012345678900')`);
    expect((await enrichDeals(rt.db.db, rt.clock.now())).linked).toMatchObject({ title: 1, gtin: 1 });
    const rows = await executeRows<{ id: string; product_id: string; product_match: string }>(rt.db.db, sql`select id::text, product_id::text, product_match from deal.deals order by id`);
    expect(rows.map((r) => [r.product_id, r.product_match])).toEqual([[P1, 'title'], [P1, 'gtin']]);
    expect((await enrichDeals(rt.db.db, rt.clock.now())).changed).toBe(0);
  });
});

describe('GTIN links from the catalog copy', () => {
  const P2 = '42000000-0000-4000-8000-000000000002';
  const GTIN = '0208512301008'; // the demo catalog's synthetic GTIN of stock code 85123A
  const gtinOf = async () => (await executeRows<{ gtin: string | null }>(rt.db.db, sql`select gtin from deal.catalog_products where product_id = ${P2}`))[0]?.gtin;

  it('stores the GTIN product.upserted carries (null when an event has none)', async () => {
    const base = { productId: P2, sku: '85123A', title: 'White Hanging Heart T-Light Holder', slug: 'white-hanging-heart-t-light-holder-85123a', categoryPath: ['Home'], brand: null };
    await rt.bus.publish([createEnvelope({ type: 'product.upserted', source: 'product', payload: base, occurredAt: '2026-11-20T10:00:00Z' })]);
    await rt.bus.whenIdle();
    expect(await gtinOf()).toBeNull(); // an event from a producer that predates the field
    await rt.bus.publish([createEnvelope({ type: 'product.upserted', source: 'product', payload: { ...base, gtin: GTIN }, occurredAt: '2026-11-21T10:00:00Z' })]);
    await rt.bus.whenIdle();
    expect(await gtinOf()).toBe(GTIN);
    expect(catalogRowOf({ ...base, gtin: '' }, '2026-11-21T00:00:00Z')?.gtin).toBeNull();
  });

  it('links a deal whose title is reworded beyond title similarity to the product with its GTIN (productMatch gtin)', async () => {
    const title = 'Romantic lantern for tea candles, snowy finish';
    // Title similarity alone finds nothing for this wording …
    expect(await linkToCatalog([{ title, gtin: null }], [{ productId: P2, title: 'White Hanging Heart T-Light Holder', gtin: GTIN }])).toEqual([null]);
    await rt.db.db.execute(sql`insert into deal.merchants (id, name, reputation) values ('50000000-0000-4000-8000-00000000000c', 'Lantern Co', 0.9)`);
    await rt.db.db.execute(sql`insert into deal.deals (id, merchant_id, title, url, price_amount, original_amount, currency, starts_at, gtin)
      values ('60000000-0000-4000-8000-00000000000c', '50000000-0000-4000-8000-00000000000c', ${title}, 'https://lantern.example/1', 200, 295, 'GBP', '2026-11-01T00:00:00Z', ${GTIN})`);
    // … the catalog copy's GTIN does.
    expect((await enrichDeals(rt.db.db, rt.clock.now())).linked.gtin).toBeGreaterThanOrEqual(1);
    const [row] = await executeRows<{ product_id: string; product_match: string }>(rt.db.db, sql`select product_id::text, product_match from deal.deals where id = '60000000-0000-4000-8000-00000000000c'`);
    expect(row).toEqual({ product_id: P2, product_match: 'gtin' });
  });
});
