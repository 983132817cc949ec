import type { RetailDataset, RetailProduct } from '@emporium/retail-data';

/** Fixed product UUID number `n` (1-based) of the test catalog. */
export const productId = (n: number) => `30000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A product of the test catalog priced at `unitPriceMinor` pence with the given history points. */
export function testProduct(n: number, unitPriceMinor: number, priceHistory: RetailProduct['priceHistory'] = []): RetailProduct {
  return {
    id: productId(n),
    sku: `P${n}`,
    slug: `priced-product-${n}`,
    title: `Priced product ${n}`,
    description: `Priced product number ${n}`,
    categoryPath: ['Home'],
    brand: 'Emporium',
    tags: [],
    unitPriceMinor,
    priceHistory,
    quantityOnHand: 10,
    unitsSold: 3,
    firstSoldAt: new Date('2026-01-05T00:00:00Z'),
    lastSoldAt: new Date('2026-11-20T00:00:00Z'),
    derived: [],
  };
}

/** 24 priced products (#1 at £2.55 with two history points); product 25 has no usable price (0) and is not stored. */
export const dataset: Pick<RetailDataset, 'products'> = {
  products: [
    testProduct(1, 255, [
      { date: '2026-10-01', unitPriceMinor: 295 },
      { date: '2026-11-02', unitPriceMinor: 255 },
    ]),
    ...Array.from({ length: 23 }, (_, i) => testProduct(i + 2, 100 * (i + 2) + 99, [{ date: '2026-09-15', unitPriceMinor: 100 * (i + 2) + 99 }])),
    testProduct(25, 0),
  ],
};
