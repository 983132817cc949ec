import { Readable } from 'node:stream';
import { createServiceClient, executeRows, serviceTokenSource, type ServiceRuntime, type SchemaModule, type SubgraphHandle } from '@emporium/kit';
import { createTestKeys, gql, openTestRuntime, serviceHeaders } from '@emporium/kit/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The catalog import spans three subgraphs: product, pricing and inventory run in-process on ephemeral ports so the
// importer reaches them over HTTP, as in production.
import { migrationsFolder as inventoryMigrations, schema as inventorySchema } from '@emporium/subgraph-inventory/runtime';
import { buildInventorySubgraph, seedStock } from '@emporium/subgraph-inventory';
import { migrationsFolder as pricingMigrations, schema as pricingSchema } from '@emporium/subgraph-pricing/runtime';
import { buildPricingSubgraph } from '@emporium/subgraph-pricing';
import { importCatalogFile, parseCatalogRecord, productSlug, type ImportSummary } from '@emporium/subgraph-product/import';
import { migrationsFolder, schema, type ProductRuntime } from '@emporium/subgraph-product/runtime';
import { buildProductSubgraph } from '@emporium/subgraph-product';

const keys = createTestKeys();
const runtimes: ServiceRuntime<SchemaModule>[] = [];
const handles: SubgraphHandle[] = [];
const urls: Record<string, string> = {};
let product: ProductRuntime;
let pricing: ServiceRuntime<SchemaModule>;
let inventory: ServiceRuntime<SchemaModule>;

async function serve(name: string, handle: SubgraphHandle) {
  await handle.app.listen({ host: '127.0.0.1', port: 0 });
  const addr = handle.app.server.address();
  urls[name] = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/graphql`;
  handles.push(handle);
}

beforeAll(async () => {
  product = await openTestRuntime({ name: 'product', schema, migrationsFolder, keys });
  pricing = await openTestRuntime({ name: 'pricing', schema: pricingSchema, migrationsFolder: pricingMigrations, keys });
  inventory = await openTestRuntime({ name: 'inventory', schema: inventorySchema, migrationsFolder: inventoryMigrations, keys });
  runtimes.push(product, pricing, inventory);
  await seedStock(inventory as Parameters<typeof seedStock>[0], { products: [] }); // the UK-1 warehouse
  await serve('product', await buildProductSubgraph(product));
  await serve('pricing', await buildPricingSubgraph(pricing as Parameters<typeof buildPricingSubgraph>[0]));
  await serve('inventory', await buildInventorySubgraph(inventory as Parameters<typeof buildInventorySubgraph>[0]));
}, 120_000);

afterAll(async () => {
  for (const h of handles) await h.stop();
  for (const rt of runtimes) await rt.close();
});

const client = () => createServiceClient({ service: 'product', token: serviceTokenSource(keys.service, 'product'), urlOf: (s) => urls[s]!, timeoutMs: 30_000 });

async function run(text: string, format: 'csv' | 'jsonl', batchSize = 500): Promise<ImportSummary> {
  return importCatalogFile({ source: Readable.from([text]), format, client: client(), batchSize });
}

const productBySku = async (sku: string) =>
  (
    await executeRows<{ id: string; slug: string; title: string; description: string | null; tags: string[]; images: string[]; brand: string | null; category: string[] | null }>(
      product.db.db,
      sql`select p.id, p.slug, p.title, p.description, p.tags, p.images, b.name as brand, c.path as category
          from product.products p left join product.brands b on b.id = p.brand_id left join product.categories c on c.id = p.category_id
          where p.sku = ${sku}`,
    )
  )[0];
const priceOf = async (id: string) =>
  (await executeRows<{ amount: string | number; currency: string }>(pricing.db.db, sql`select amount, currency from pricing.prices where product_id = ${id}`))[0];
const stockOf = async (id: string) =>
  (await executeRows<{ on_hand: number; warehouse_code: string }>(inventory.db.db, sql`select on_hand, warehouse_code from inventory.stock where product_id = ${id}`))[0];
const count = async (table: string) =>
  Number((await executeRows<{ n: number }>(product.db.db, sql.raw(`select count(*)::int as n from product.${table}`)))[0]?.n);

const CSV = [
  'sku,title,description,brand,category,price,currency,stock,images,tags',
  'imp-1,Lantern Candle Holder,"A lantern, in zinc",Lumen & Co,Home & Living > Lighting > Lanterns,12.50,GBP,40,https://img.example/1.jpg|/images/1b.jpg,zinc|Lantern',
  'IMP-2,Enamel Mug,,Lumen & Co,Kitchen & Dining > Mugs,3.95,,0,,',
  'IMP-3,Garden Gnome,The gnome.,,Garden & Outdoor,7,GBP,,,',
].join('\n');

describe('catalog import (CSV)', () => {
  it('creates products, categories (every level) and brands, and hands prices and stock to pricing and inventory', async () => {
    const s = await run(CSV, 'csv');
    expect(s).toMatchObject({ lines: 3, imported: 3, created: 3, updated: 0, failed: 0, pricesChanged: 3, stockChanged: 2 });
    const p1 = await productBySku('IMP-1');
    expect(p1).toMatchObject({
      title: 'Lantern Candle Holder',
      description: 'A lantern, in zinc',
      brand: 'Lumen & Co',
      category: ['Home & Living', 'Lighting', 'Lanterns'],
      images: ['https://img.example/1.jpg', '/images/1b.jpg'],
      tags: ['zinc', 'lantern'],
      slug: productSlug('IMP-1', 'Lantern Candle Holder'),
    });
    const tree = await executeRows<{ slug: string; parent: string | null }>(
      product.db.db,
      sql`select c.slug, p.slug as parent from product.categories c left join product.categories p on p.id = c.parent_id where c.slug like 'home-living%' order by c.slug`,
    );
    expect(tree).toEqual([
      { slug: 'home-living', parent: null },
      { slug: 'home-living-lighting', parent: 'home-living' },
      { slug: 'home-living-lighting-lanterns', parent: 'home-living-lighting' },
    ]);
    expect(await priceOf(p1!.id)).toMatchObject({ currency: 'GBP' });
    expect(Number((await priceOf(p1!.id))!.amount)).toBe(1250);
    expect(await stockOf(p1!.id)).toEqual({ on_hand: 40, warehouse_code: 'UK-1' });
    const p2 = await productBySku('IMP-2');
    expect(Number((await priceOf(p2!.id))!.amount)).toBe(395);
    expect(await stockOf(p2!.id)).toEqual({ on_hand: 0, warehouse_code: 'UK-1' });
    const p3 = await productBySku('IMP-3');
    expect(p3).toMatchObject({ brand: null, category: ['Garden & Outdoor'], images: [] });
    expect(Number((await priceOf(p3!.id))!.amount)).toBe(700);
    expect(await stockOf(p3!.id)).toBeUndefined(); // no stock column value: nothing handed over
  });

  it('is found by search and exposes images through the API', async () => {
    const res = await gql<{ searchProducts: { edges: { node: { sku: string; images: string[] } }[] } }>(
      handles[0]!.app,
      `{ searchProducts(query: "lantern", first: 5) { edges { node { sku images } } } }`,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.searchProducts.edges.map((e) => e.node)).toContainEqual({ sku: 'IMP-1', images: ['https://img.example/1.jpg', '/images/1b.jpg'] });
  });

  it('re-importing is idempotent: no duplicates, fields updated in place, unchanged prices and stock not rewritten', async () => {
    const before = { products: await count('products'), categories: await count('categories'), brands: await count('brands'), docs: await count('search_documents') };
    const id = (await productBySku('IMP-1'))!.id;
    const again = await run(CSV, 'csv', 2);
    expect(again).toMatchObject({ imported: 3, created: 0, updated: 3, pricesChanged: 0, stockChanged: 0, failed: 0 });
    const changed = CSV.replace('Lantern Candle Holder', 'Lantern Tealight Holder').replace('12.50', '11.00').replace(',40,', ',41,');
    const third = await run(changed, 'csv');
    expect(third).toMatchObject({ created: 0, updated: 3, pricesChanged: 1, stockChanged: 1 });
    expect({ products: await count('products'), categories: await count('categories'), brands: await count('brands'), docs: await count('search_documents') }).toEqual(before);
    const p1 = await productBySku('IMP-1');
    expect(p1).toMatchObject({ id, title: 'Lantern Tealight Holder', slug: productSlug('IMP-1', 'Lantern Tealight Holder') });
    expect(Number((await priceOf(id))!.amount)).toBe(1100);
    expect((await stockOf(id))!.on_hand).toBe(41);
    const doc = await executeRows<{ title: string }>(product.db.db, sql`select title from product.search_documents where product_id = ${id}`);
    expect(doc[0]!.title).toBe('Lantern Tealight Holder');
  });

  it('reports each bad line with its line number and reason and still loads the good ones', async () => {
    const csv = [
      'sku,title,category,price,stock',
      'ERR-1,Good One,Toys > Games,2.00,5',
      'ERR-2,Bad Price,Toys,abc,5',
      ',No Sku,Toys,1.00,1',
      'ERR-4,Bad Category,Toys >  > Games,1.00,1',
      'ERR-5,Too Many Decimals,Toys,1.001,1',
      'ERR-6,Negative Stock,Toys,1.00,-3',
      'ERR-7,Wrong columns,Toys',
      'ERR-8,Good Two,Toys,,',
    ].join('\n');
    const s = await run(csv, 'csv');
    expect(s.lines).toBe(8);
    expect(s.imported).toBe(2);
    expect(s.failed).toBe(6);
    expect(s.failures.map((f) => [f.line, f.sku])).toEqual([
      [3, 'ERR-2'],
      [4, null],
      [5, 'ERR-4'],
      [6, 'ERR-5'],
      [7, 'ERR-6'],
      [8, null],
    ]);
    const reasons = s.failures.map((f) => f.reason);
    expect(reasons[0]).toMatch(/price "abc" is not a positive decimal/);
    expect(reasons[1]).toBe('sku is missing');
    expect(reasons[2]).toMatch(/category "Toys >  > Games" has an empty level/);
    expect(reasons[3]).toMatch(/more than 2 decimals for GBP/);
    expect(reasons[4]).toMatch(/stock "-3" is not a whole number/);
    expect(reasons[5]).toBe('expected 5 columns, got 3');
    expect(await productBySku('ERR-1')).toBeDefined();
    expect(await productBySku('ERR-8')).toBeDefined();
    expect(await productBySku('ERR-2')).toBeUndefined();
  });
});

describe('catalog import (JSON Lines)', () => {
  const lines = [
    JSON.stringify({ sku: 'J-1', title: 'Felt Owl', brand: 'Woolly Ways', category: 'Toys & Games > Soft Toys', price: 4.5, currency: 'GBP', stock: 12, images: ['/i/owl.png'], tags: ['felt', 'owls'] }),
    '',
    '{"sku": "J-2", "title": "Broken", ',
    JSON.stringify({ sku: 'J-3', title: 'Tin Robot', price: '9.99', category: 'Toys & Games', stock: 3 }),
    JSON.stringify(['not', 'an', 'object']),
    JSON.stringify({ sku: 'J-5', title: 'Euro Priced', price: '5.00', currency: 'EUR' }),
    JSON.stringify({ title: 'No sku at all' }),
  ].join('\n');

  it('imports the good lines and reports malformed JSON, non-objects and bad fields with line numbers', async () => {
    const s = await run(lines, 'jsonl');
    expect(s).toMatchObject({ lines: 6, imported: 2, failed: 4, created: 2 });
    expect(s.failures.map((f) => f.line)).toEqual([3, 5, 6, 7]);
    expect(s.failures[0]!.reason).toMatch(/^malformed JSON/);
    expect(s.failures[1]!.reason).toBe('a JSON line must be an object');
    expect(s.failures[2]!.reason).toMatch(/currency must be GBP/);
    expect(s.failures[3]!.reason).toBe('sku is missing');
    const owl = await productBySku('J-1');
    expect(owl).toMatchObject({ brand: 'Woolly Ways', category: ['Toys & Games', 'Soft Toys'], images: ['/i/owl.png'], tags: ['felt', 'owls'] });
    expect(Number((await priceOf(owl!.id))!.amount)).toBe(450);
    expect((await stockOf(owl!.id))!.on_hand).toBe(12);
    const robot = await productBySku('J-3');
    expect(Number((await priceOf(robot!.id))!.amount)).toBe(999);
  });

  it('a SKU repeated in one file is written once, the later line winning', async () => {
    const text = [JSON.stringify({ sku: 'J-9', title: 'First', price: '1.00' }), JSON.stringify({ sku: 'j-9', title: 'Second', price: '2.00' })].join('\n');
    const s = await run(text, 'jsonl');
    expect(s).toMatchObject({ imported: 2, created: 1, updated: 1, failed: 0 });
    const p = await productBySku('J-9');
    expect(p!.title).toBe('Second');
    expect(Number((await priceOf(p!.id))!.amount)).toBe(200);
  });
});

describe('importProducts (hidden mutation)', () => {
  const MUTATION = `mutation($items: [CatalogImportItem!]!) { importProducts(items: $items) { created updated products { sku id } } }`;

  it('is refused without a service token', async () => {
    const res = await gql(handles[0]!.app, MUTATION, { items: [{ sku: 'X-1', title: 'X' }] });
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('validates items like file lines (BAD_USER_INPUT naming the item)', async () => {
    const res = await gql(handles[0]!.app, MUTATION, { items: [{ sku: 'X-1', title: 'X' }, { sku: 'X-2', title: 'Y', category: ['A', ' '] }] }, await serviceHeaders(keys, 'product'));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'items.1' });
    expect(res.errors?.[0]?.message).toMatch(/^items\[1\]: category "A >" has an empty level/);
    expect(await productBySku('X-1')).toBeUndefined(); // all or nothing
  });
});

describe('parseCatalogRecord', () => {
  it('upper-cases SKUs, converts prices exactly and splits CSV lists', () => {
    expect(parseCatalogRecord({ sku: ' ab-1 ', title: ' T ', price: '0.10', tags: 'A| b |', images: '' })).toMatchObject({
      sku: 'AB-1', title: 'T', price: 10, currency: 'GBP', tags: ['a', 'b'], images: [], stock: null, categoryPath: [],
    });
    expect(() => parseCatalogRecord({ sku: 'A', title: 'T', price: '0' })).toThrow(/must be above zero/);
    expect(() => parseCatalogRecord({ sku: 'A', title: 'T', category: 'A > B > C > D > E' })).toThrow(/deeper than 4 levels/);
    expect(() => parseCatalogRecord({ sku: 'A', title: 'T', images: ['javascript:alert(1)'] })).toThrow(/not an http\(s\) URL/);
  });

  it('gives SKUs that slugify alike different slugs', () => {
    expect(productSlug('A.1', 'Mug')).not.toBe(productSlug('A-1', 'Mug'));
  });
});
