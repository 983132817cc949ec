import type { RetailDataset, RetailProduct } from '@emporium/retail-data';

/** Fixed product UUID number `n` (1-based) of the test catalog. */
export const productId = (n: number) => `10000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A product of the test catalog with `quantityOnHand` units. */
export function testProduct(n: number, quantityOnHand: number): RetailProduct {
  return {
    id: productId(n),
    sku: `T${n}`,
    slug: `test-product-${n}`,
    title: `Test product ${n}`,
    description: `Test product number ${n}`,
    categoryPath: ['Home', 'Test'],
    brand: 'Emporium',
    tags: [],
    unitPriceMinor: 100 * n,
    priceHistory: [],
    quantityOnHand,
    unitsSold: 0,
    firstSoldAt: new Date('2026-01-01T00:00:00Z'),
    lastSoldAt: new Date('2026-11-01T00:00:00Z'),
    derived: ['quantityOnHand'],
  };
}

/** 24 products: #1 has 25 units, #2 has 5, #3 has 0, the rest 10 + n; product 99 has no stock row at all. */
export const dataset: Pick<RetailDataset, 'products'> = {
  products: Array.from({ length: 24 }, (_, i) => testProduct(i + 1, i === 0 ? 25 : i === 1 ? 5 : i === 2 ? 0 : 11 + i)),
};

/** A product id with no stock row. */
export const unstockedId = productId(99);
