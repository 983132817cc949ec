import { Readable } from 'node:stream';
import { createServiceClient, executeRows, serviceTokenSource, type EventEnvelope, type SubgraphHandle } from '@emporium/kit';
import { createTestKeys, gql, openTestRuntime } from '@emporium/kit/testing';
import { EventTypes, type ProductUpsertedPayload } from '@emporium/events';
import { gtinForStockCode } from '@emporium/retail-data';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCatalogFile, parseCatalogRecord } from '../src/import/index.ts';
import { migrationsFolder, schema, type ProductRuntime } from '../src/runtime.ts';
import { seedProducts } from '../src/seed.ts';
import { buildProductSubgraph } from '../src/server.ts';
import { sampleProducts } from './fixtures.ts';

// The import runs against the product subgraph listening on an ephemeral port (as in production); lines carry no
// price or stock, so pricing and inventory are not called.
const keys = createTestKeys();
let rt: ProductRuntime;
let handle: SubgraphHandle;
let url = '';
const events: EventEnvelope<ProductUpsertedPayload>[] = [];
let onEvent = () => {};

beforeAll(async () => {
  rt = await openTestRuntime({ name: 'product', schema, migrationsFolder, keys });
  await rt.bus.subscribe({
    group: 'gtin-test',
    types: [EventTypes.ProductUpserted],
    startFrom: 'earliest',
    handler: async (event) => {
      events.push(event as EventEnvelope<ProductUpsertedPayload>);
      onEvent();
    },
  });
  handle = await buildProductSubgraph(rt);
  await handle.start();
  await handle.app.listen({ host: '127.0.0.1', port: 0 });
  const addr = handle.app.server.address();
  url = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}/graphql`;
}, 60_000);
afterAll(async () => {
  await handle?.stop();
  await rt?.close();
});

const client = () => createServiceClient({ service: 'product', token: serviceTokenSource(keys.service, 'product'), urlOf: () => url, timeoutMs: 30_000 });
const importText = (text: string, format: 'csv' | 'jsonl') => importCatalogFile({ source: Readable.from([text]), format, client: client() });
const gtinOf = async (sku: string) =>
  (await executeRows<{ gtin: string | null }>(rt.db.db, sql`select gtin from product.products where sku = ${sku}`))[0]?.gtin;
const idOf = async (sku: string) => (await executeRows<{ id: string }>(rt.db.db, sql`select id from product.products where sku = ${sku}`))[0]?.id;
/** Resolves once the bus has delivered a `product.upserted` for every given sku and GTIN (the relay publishes after commit). */
const eventsFor = (wanted: [sku: string, gtin: string | null][]) =>
  new Promise<EventEnvelope<ProductUpsertedPayload>[]>((resolve) => {
    const check = () => {
      const found = wanted.map(([sku, gtin]) => events.find((e) => e.payload.sku === sku && e.payload.gtin === gtin));
      if (found.every(Boolean)) resolve(found as EventEnvelope<ProductUpsertedPayload>[]);
    };
    onEvent = check;
    check();
  });

describe('GTINs in the catalog', () => {
  it('accepts GTIN-8/12/13/14 with a valid check digit and refuses others with the reason', () => {
    const rec = (gtin: unknown) => parseCatalogRecord({ sku: 'G1', title: 'Thing', gtin });
    expect(rec('5012345678900').gtin).toBe('5012345678900');
    expect(rec('501-2345 678900').gtin).toBe('5012345678900');
    expect(rec('036000291452').gtin).toBe('036000291452');
    expect(rec('96385074').gtin).toBe('96385074');
    expect(rec('10614141000415').gtin).toBe('10614141000415');
    expect(rec('').gtin).toBeNull();
    expect(rec(undefined).gtin).toBeNull();
    expect(() => rec('5012345678901')).toThrow('gtin "5012345678901" has check digit 1, expected 0');
    expect(() => rec('50123456789')).toThrow(/not 8, 12, 13 or 14 digits/);
    expect(() => rec('ABCDEFGHIJKLM')).toThrow(/not 8, 12, 13 or 14 digits/);
  });

  it('catalog:import stores a good GTIN (CSV and JSON Lines), refuses a bad check digit on its line, and publishes product.upserted with it', async () => {
    const csv = ['sku,title,gtin', 'GT-1,Enamel Mug,5012345678900', 'GT-2,Oak Tray,5012345678901', 'GT-3,Linen Apron,'].join('\n');
    const s = await importText(csv, 'csv');
    expect(s).toMatchObject({ lines: 3, imported: 2, failed: 1 });
    expect(s.failures).toEqual([{ line: 3, sku: 'GT-2', reason: 'gtin "5012345678901" has check digit 1, expected 0' }]);
    expect(await gtinOf('GT-1')).toBe('5012345678900');
    expect(await gtinOf('GT-2')).toBeUndefined();
    expect(await gtinOf('GT-3')).toBeNull();

    const jsonl = [JSON.stringify({ sku: 'GT-4', title: 'Brass Hook', gtin: '036000291452' }), JSON.stringify({ sku: 'GT-5', title: 'Jute Bag', gtin: '96385075' })].join('\n');
    const j = await importText(jsonl, 'jsonl');
    expect(j).toMatchObject({ lines: 2, imported: 1, failed: 1 });
    expect(j.failures).toEqual([{ line: 2, sku: 'GT-5', reason: 'gtin "96385075" has check digit 5, expected 4' }]);
    expect(await gtinOf('GT-4')).toBe('036000291452');

    // Re-importing with another GTIN replaces it; the event carries the current one.
    await importText('sku,title,gtin\nGT-1,Enamel Mug,4006381333931\n', 'csv');
    expect(await gtinOf('GT-1')).toBe('4006381333931');
    const [mug, apron, hook] = await eventsFor([['GT-1', '4006381333931'], ['GT-3', null], ['GT-4', '036000291452']]);
    expect(mug!.payload).toMatchObject({ sku: 'GT-1', title: 'Enamel Mug', slug: 'enamel-mug-gt-1', categoryPath: [], brand: null });
    expect(mug!.source).toBe('product');
    // One event per write (the test clock is fixed, so both carry the same occurredAt and may arrive in either order).
    expect(events.filter((e) => e.payload.sku === 'GT-1').map((e) => e.payload.gtin).sort()).toEqual(['4006381333931', '5012345678900']);
    expect(apron!.payload.productId).toBe(await idOf('GT-3'));
    expect(hook!.payload.title).toBe('Brass Hook');
    expect(events.some((e) => e.payload.sku === 'GT-2' || e.payload.sku === 'GT-5')).toBe(false);

    const res = await gql<{ product: { gtin: string | null } }>(handle.app, `{ product(sku: "GT-4") { gtin } }`);
    expect(res.data?.product.gtin).toBe('036000291452');
  });

  it('the demo seed stores each stock code\'s synthetic GTIN', async () => {
    const products = sampleProducts(3);
    await seedProducts(rt, { products });
    for (const p of products) expect(await gtinOf(p.sku)).toBe(gtinForStockCode(p.sku));
    const res = await gql<{ product: { gtin: string; derivedFields: string[] } }>(handle.app, `query($sku: String!) { product(sku: $sku) { gtin derivedFields } }`, { sku: products[0]!.sku });
    expect(res.data?.product).toEqual({ gtin: gtinForStockCode(products[0]!.sku), derivedFields: [...products[0]!.derived, 'gtin'] });
  });
});
