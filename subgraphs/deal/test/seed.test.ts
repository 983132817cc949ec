import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executeRows, isUuid } from '@emporium/kit';
import { gtinForStockCode } from '@emporium/retail-data';
import { openTestRuntime, TEST_NOW } from '@emporium/kit/testing';
import { discountPercent } from '../src/discount.ts';
import { uuidFromName } from '../src/ids.ts';
import { migrationsFolder, schema, type DealRuntime } from '../src/runtime.ts';
import { dealsFromProducts, hasDeals, SEED_MERCHANT, seedDeals } from '../src/seed.ts';
import { dataset, productId } from './fixtures.ts';

let rt: DealRuntime;
beforeAll(async () => {
  rt = await openTestRuntime({ name: 'deal', schema, migrationsFolder });
}, 60_000);
afterAll(async () => {
  await rt?.close();
});

describe('uuidFromName', () => {
  it('is deterministic and shaped like a v5 UUID', () => {
    const a = uuidFromName(`deal:${productId(1)}`);
    expect(a).toBe(uuidFromName(`deal:${productId(1)}`));
    expect(a).not.toBe(uuidFromName(`deal:${productId(2)}`));
    expect(isUuid(a)).toBe(true);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // sha1('abc') = a9993e36 4706 816a ba3e 2571 7850 c26c 9cd0 d89d
    expect(uuidFromName('abc')).toBe('a9993e36-4706-516a-ba3e-25717850c26c');
  });
});

describe('discountPercent', () => {
  it.each([
    [800, 1000, 20],
    [667, 1000, 33], // 33.3 → floor
    [999, 1000, 0],
    [1, 3, 66],
    [1000, 1000, null],
    [1200, 1000, null],
    [500, null, null],
    [1, Number.MAX_SAFE_INTEGER, 99],
  ])('price %d against %s → %s', (price, original, expected) => {
    expect(discountPercent(price, original)).toBe(expected);
  });
});

describe('seedDeals', () => {
  it('derives deals from price history: latest point ≥ 10% below the typical price, 30 days from its date', async () => {
    const result = await seedDeals(rt, dataset);
    const rows = await executeRows<{ id: string; product_id: string; price_amount: string | number; original_amount: string | number; url: string; starts_at: Date | string; expires_at: Date | string; merchant_id: string; currency: string }>(
      rt.db.db,
      sql`select id::text, product_id::text, price_amount, original_amount, url, starts_at, expires_at, merchant_id::text, currency from deal.deals order by product_id`,
    );
    const withDeal = rows.map((r) => r.product_id);
    expect(withDeal).toEqual([1, 3, 4, ...Array.from({ length: 18 }, (_, i) => i + 7)].map(productId));
    const first = rows[0]!;
    expect(first).toMatchObject({ id: uuidFromName(`deal:${productId(1)}`), url: '/products/deal-product-1', merchant_id: SEED_MERCHANT.id, currency: 'GBP' });
    expect([Number(first.price_amount), Number(first.original_amount)]).toEqual([800, 1000]);
    expect(new Date(first.starts_at).toISOString()).toBe('2026-11-10T00:00:00.000Z');
    expect(new Date(first.expires_at).toISOString()).toBe('2026-12-10T00:00:00.000Z');
    const now = new Date(TEST_NOW);
    const live = rows.filter((r) => new Date(r.starts_at) <= now && now < new Date(r.expires_at)).length;
    expect(result).toEqual({ merchants: 1, deals: rows.length, live });
    expect(live).toBe(rows.length - 1); // only #4 (from September) has expired
  });

  it('stores the merchant and is idempotent', async () => {
    expect(await hasDeals(rt)).toBe(true);
    const again = await seedDeals(rt, dataset);
    const [count] = await executeRows<{ n: number }>(rt.db.db, sql`select count(*)::int as n from deal.deals`);
    expect(Number(count?.n)).toBe(again.deals);
    expect(again.deals).toBe(dealsFromProducts(dataset.products, SEED_MERCHANT.id, new Date()).length);
    const merchants = await executeRows<{ name: string; reputation: number }>(rt.db.db, sql`select name, reputation from deal.merchants`);
    expect(merchants).toEqual([{ name: 'Online Retail UK', reputation: expect.closeTo(0.9, 5) }]);
  });

  it('keeps each product\'s synthetic GTIN in the catalog copy (the one the product seed stores)', async () => {
    const rows = await executeRows<{ product_id: string; gtin: string | null }>(rt.db.db, sql`select product_id::text, gtin from deal.catalog_products order by product_id`);
    expect(rows).toEqual(dataset.products.map((p) => ({ product_id: p.id, gtin: gtinForStockCode(p.sku) })).sort((a, b) => a.product_id.localeCompare(b.product_id)));
  });
});
