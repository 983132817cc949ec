import type { RetailDataset, RetailProduct } from '@emporium/retail-data';

/** Fixed product UUID number `n` (1-based) of the test catalog. */
export const productId = (n: number) => `40000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** A product with a typical price and price-history points. */
export function testProduct(n: number, unitPriceMinor: number, priceHistory: RetailProduct['priceHistory']): RetailProduct {
  return {
    id: productId(n),
    sku: `D${n}`,
    slug: `deal-product-${n}`,
    title: `Deal product ${n}`,
    description: `Deal product number ${n}`,
    categoryPath: ['Home'],
    brand: 'Emporium',
    tags: [],
    unitPriceMinor,
    priceHistory,
    quantityOnHand: 10,
    unitsSold: 5,
    firstSoldAt: new Date('2026-01-05T00:00:00Z'),
    lastSoldAt: new Date('2026-11-20T00:00:00Z'),
    derived: [],
  };
}

/**
 * Test clock: 2026-11-21T12:00Z. #1 latest point 20% below typical (live), #2 only 5% below (no deal), #3 exactly
 * 10% below (deal), #4 50% below but from September (deal, expired), #5 no history (no deal), #6 latest point back at
 * the typical price after an older markdown (no deal), #7..#24 live deals of 23%..80% off.
 */
export const dataset: Pick<RetailDataset, 'products'> = {
  products: [
    testProduct(1, 1000, [{ date: '2026-10-01', unitPriceMinor: 1000 }, { date: '2026-11-10', unitPriceMinor: 800 }]),
    testProduct(2, 1000, [{ date: '2026-11-15', unitPriceMinor: 950 }]),
    testProduct(3, 1000, [{ date: '2026-11-15', unitPriceMinor: 900 }]),
    testProduct(4, 1000, [{ date: '2026-09-01', unitPriceMinor: 500 }]),
    testProduct(5, 1000, []),
    testProduct(6, 1000, [{ date: '2026-11-01', unitPriceMinor: 500 }, { date: '2026-11-12', unitPriceMinor: 1000 }]),
    ...Array.from({ length: 18 }, (_, i) => testProduct(i + 7, 3000, [{ date: '2026-11-20', unitPriceMinor: 3000 - 100 * (i + 7) }])),
  ],
};
