import { createTestKeys, gql, openTestRuntime } from '@emporium/kit/testing';
import type { RetailInvoice } from '@emporium/retail-data';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrationsFolder, schema, type ProductRuntime } from '../src/runtime.ts';
import { seedProducts } from '../src/seed.ts';
import { buildProductSubgraph } from '../src/server.ts';
import { sampleProducts } from './fixtures.ts';

let rt: ProductRuntime;
const products = sampleProducts(3);
const invoice = (n: number, lines: { productId: string; quantity: number }[]): RetailInvoice => ({
  id: `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  invoiceNo: String(n),
  customerId: null,
  userId: null,
  country: 'United Kingdom',
  countryCode: 'GB',
  invoicedAt: new Date('2026-01-01T00:00:00Z'),
  lines: lines.map((l) => ({ ...l, sku: 'x', unitPriceMinor: 100 })),
});

beforeAll(async () => {
  rt = await openTestRuntime({ name: 'product', schema, migrationsFolder, keys: createTestKeys() });
  const [a, b, c] = products as [(typeof products)[0], (typeof products)[0], (typeof products)[0]];
  // a: one order of 80,000 units; b: three orders of one unit; c: two orders (one listing it twice).
  const invoices = [
    invoice(1, [{ productId: a.id, quantity: 80_000 }]),
    invoice(2, [{ productId: b.id, quantity: 1 }, { productId: c.id, quantity: 1 }, { productId: c.id, quantity: 2 }]),
    invoice(3, [{ productId: b.id, quantity: 1 }]),
    invoice(4, [{ productId: b.id, quantity: 1 }, { productId: c.id, quantity: 1 }]),
  ];
  await seedProducts(rt, { products, invoices });
});
afterAll(async () => {
  await rt?.close();
});

it('ranks FEATURED by how many orders contain a product, not by units', async () => {
  const { app } = await buildProductSubgraph(rt);
  const res = await gql<{ products: { edges: { node: { id: string } }[] } }>(app, '{ products(first: 3) { edges { node { id } } } }');
  expect(res.data!.products.edges.map((e) => e.node.id)).toEqual([products[1]!.id, products[2]!.id, products[0]!.id]);
  await app.close();
});
