import type { RetailDataset, RetailProduct } from '@emporium/retail-data';

const base = new Date('2026-01-01T00:00:00Z').getTime();

/** A small catalog literal: `n` products in two categories and three brands, newest last. */
export function sampleProducts(n: number): RetailProduct[] {
  return Array.from({ length: n }, (_, i) => {
    const sku = `S${String(i).padStart(4, '0')}`;
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    return {
      id,
      sku,
      slug: `sample-${sku.toLowerCase()}`,
      title: `Sample Product ${i}`,
      description: `Sample product number ${i}.`,
      categoryPath: i % 2 === 0 ? ['Home & Living', 'Candles & Lighting'] : ['Kitchen & Dining', 'Tableware'],
      brand: ['Regency', 'Retrospot', 'Emporium Home'][i % 3] ?? 'Emporium Home',
      tags: ['sample'],
      unitPriceMinor: 100 + i,
      priceHistory: [],
      quantityOnHand: i,
      unitsSold: i * 3,
      firstSoldAt: new Date(base + i * 60_000),
      lastSoldAt: new Date(base + i * 120_000),
      derived: ['brand', 'categoryPath'],
    };
  });
}

/** The parts of a dataset the product seed reads. */
export function sampleDataset(n: number): Pick<RetailDataset, 'products'> {
  return { products: sampleProducts(n) };
}
