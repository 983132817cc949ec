import { beforeAll, describe, expect, it } from 'vitest';
import { validate, version } from 'uuid';
import {
  BRAND_RULES, brandFor, categoryTree, FALLBACK_CATEGORY, formatDropReport, gtinForStockCode, HOUSE_BRAND, isGtin, loadRetailDataset,
  orderIdForInvoice, productIdForSku, userIdForCustomer,
} from '../src/index.ts';
import type { LoadProgress, RetailDataset } from '../src/index.ts';

// The real file (always present in this workspace), loaded once and shared by every test below.
const NOW = new Date('2025-06-01T10:00:00Z');
const DAY = 86_400_000;
let d: RetailDataset;
let loadMs = 0;
const progress: LoadProgress[] = [];

beforeAll(async () => {
  const t0 = performance.now();
  d = await loadRetailDataset({ now: NOW, onProgress: (p) => progress.push(p) });
  loadMs = performance.now() - t0;
}, 180_000);

const isV5 = (id: string) => validate(id) && version(id) === 5;

describe('the full Online Retail file', () => {
  it('matches the known raw figures', () => {
    expect(d.sourceRows).toBe(541_909);
    expect(d.raw).toEqual({ rows: 541_909, invoices: 25_900, stockCodes: 4_070, customers: 4_372, countries: 38 });
    expect(loadMs).toBeLessThan(60_000); // target ~8 s on an idle machine; generous for loaded CI
  });

  it('reports progress every 50k rows, then build and done', () => {
    const reads = progress.filter((p) => p.phase === 'read').map((p) => p.rows);
    expect(reads).toEqual(Array.from({ length: 10 }, (_, i) => (i + 1) * 50_000));
    expect(progress.at(-1)).toEqual({ rows: 541_909, totalRows: 541_909, phase: 'done' });
  });

  it('accounts for every row: dropped = read - kept', () => {
    const lines = d.invoices.reduce((n, i) => n + i.lines.length, 0);
    const dropped = d.dropped.reduce((n, r) => n + r.rows, 0);
    expect(dropped).toBe(d.sourceRows - lines - d.cancellations.length);
    for (const r of d.dropped) expect(r.examples.length).toBeLessThanOrEqual(Math.min(3, r.rows || 3));
    expect(formatDropReport(d)).toContain('rows read 541,909');
  });

  it('moves the last invoice onto now\'s day, keeping its time of day', () => {
    expect(d.shiftMs % DAY).toBe(0);
    const last = d.invoices.reduce((a, b) => (b.invoicedAt > a.invoicedAt ? b : a));
    expect(last.invoiceNo).toBe('581587');
    expect(last.invoicedAt.toISOString()).toBe('2025-06-01T12:50:00.000Z'); // source 2011-12-09 12:50
    expect(d.invoices[0]?.invoicedAt.toISOString()).toBe('2024-05-24T08:26:00.000Z'); // source 2010-12-01 08:26
  });

  it('gives every entity a unique UUID v5 computable from its source key', () => {
    const ids = [...d.products.map((p) => p.id), ...d.customers.map((c) => c.id), ...d.invoices.map((i) => i.id)];
    expect(ids.every(isV5)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(d.products.filter((p) => p.id !== productIdForSku(p.sku))).toEqual([]);
    expect(d.customers.filter((c) => c.id !== userIdForCustomer(c.customerId))).toEqual([]);
    expect(d.invoices.filter((i) => i.id !== orderIdForInvoice(i.invoiceNo))).toEqual([]);
  });

  it('gives every product a distinct, valid synthetic GTIN-13 in the restricted-circulation range', () => {
    const gtins = d.products.map((p) => gtinForStockCode(p.sku));
    expect(gtins.filter((g) => !isGtin(g) || !/^02\d{11}$/.test(g))).toEqual([]);
    expect(new Set(gtins).size).toBe(d.products.length);
  });

  it('keeps only sale lines with positive quantity and price that reference a product', () => {
    const byId = new Map(d.products.map((p) => [p.id, p]));
    const units = new Map<string, number>();
    const bad: string[] = [];
    for (const inv of d.invoices) {
      if (inv.lines.length === 0 || !/^\d{6}$/.test(inv.invoiceNo)) bad.push(`invoice ${inv.invoiceNo}`);
      for (const l of inv.lines) {
        if (byId.get(l.productId)?.sku !== l.sku) bad.push(`${inv.invoiceNo} ${l.sku}: unknown product`);
        if (!(l.quantity > 0 && Number.isInteger(l.unitPriceMinor) && l.unitPriceMinor > 0)) {
          bad.push(`${inv.invoiceNo} ${l.sku}: qty ${l.quantity} price ${l.unitPriceMinor}`);
        }
        units.set(l.sku, (units.get(l.sku) ?? 0) + l.quantity);
      }
    }
    // units sold = sum of kept sale lines (cancellations not counted)
    for (const p of d.products) if (p.unitsSold !== units.get(p.sku)) bad.push(`${p.sku} unitsSold`);
    for (const c of d.cancellations) {
      if (!/^C\d{6}$/.test(c.invoiceNo) || !(c.quantity > 0) || !byId.has(productIdForSku(c.sku))) {
        bad.push(`cancellation ${c.invoiceNo} ${c.sku}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('drops non-product codes and the zero-penny PADS line', () => {
    const skus = new Set(d.products.map((p) => p.sku));
    for (const code of ['POST', 'DOT', 'M', 'C2', 'D', 'S', 'B', 'BANK CHARGES', 'AMAZONFEE', 'CRUK', 'PADS']) {
      expect(skus.has(code), code).toBe(false);
    }
    expect(d.products.length).toBe(3_794);
  });

  it('derives sane product fields', () => {
    const slugs = new Set(d.products.map((p) => p.slug));
    expect(slugs.size).toBe(d.products.length);
    const bad: string[] = [];
    for (const p of d.products) {
      const ok = p.sku === p.sku.toUpperCase()
        && p.slug.endsWith(`-${p.sku.toLowerCase()}`)
        && p.unitPriceMinor > 0
        && p.firstSoldAt <= p.lastSoldAt
        && p.priceHistory[0]?.date === p.firstSoldAt.toISOString().slice(0, 10)
        && p.priceHistory.every((h, i) => {
          const prev = p.priceHistory[i - 1];
          return h.unitPriceMinor > 0 && (!prev || (prev.date < h.date && prev.unitPriceMinor !== h.unitPriceMinor));
        })
        && p.description.includes(p.categoryPath.join(' > '))
        && p.derived.join() === 'brand,categoryPath,description,tags,quantityOnHand';
      if (!ok) bad.push(p.sku);
    }
    expect(bad).toEqual([]);
    const heart = d.products.find((p) => p.sku === '85123A');
    expect(heart).toMatchObject({
      title: 'White Hanging Heart T-Light Holder', categoryPath: ['Home & Living', 'Candles & Lighting'],
      slug: 'white-hanging-heart-t-light-holder-85123a', brand: HOUSE_BRAND, tags: ['white', 'hearts'],
    });
  });

  it('spreads products over an 8-15 x 2-6 category tree with a small fallback share', () => {
    const tree = categoryTree();
    expect(tree.size).toBeGreaterThanOrEqual(8);
    expect(tree.size).toBeLessThanOrEqual(15);
    for (const children of tree.values()) expect(children.length >= 2 && children.length <= 6).toBe(true);
    const outside = d.products.filter((p) => !tree.get(p.categoryPath[0] ?? '')?.includes(p.categoryPath[1] ?? ''));
    expect(outside).toEqual([]);
    const fallback = d.products.filter((p) => p.categoryPath.join('>') === FALLBACK_CATEGORY.join('>')).length;
    expect(fallback / d.products.length).toBeLessThan(0.05);
    expect(new Set(d.products.map((p) => p.categoryPath[0])).size).toBe(tree.size);
  });

  it('uses only recurring ranges as brands', () => {
    for (const [brand] of BRAND_RULES) {
      expect(d.products.filter((p) => p.brand === brand).length, brand).toBeGreaterThanOrEqual(2);
    }
    expect(d.products.filter((p) => p.brand !== brandFor(p.title))).toEqual([]);
  });

  it('derives about 5% out of stock and 10% low stock', () => {
    const out = d.products.filter((p) => p.quantityOnHand === 0).length / d.products.length;
    const low = d.products.filter((p) => p.quantityOnHand >= 1 && p.quantityOnHand <= 9).length / d.products.length;
    expect(out).toBeGreaterThan(0.03);
    expect(out).toBeLessThan(0.07);
    expect(low).toBeGreaterThan(0.07);
    expect(low).toBeLessThan(0.13);
  });

  it('lists each customer with a kept invoice once, with ISO country codes', () => {
    expect(new Set(d.customers.map((c) => c.customerId)).size).toBe(d.customers.length);
    const withInvoices = new Set(d.invoices.flatMap((i) => (i.customerId === null ? [] : [i.customerId])));
    expect(d.customers.map((c) => c.customerId).sort()).toEqual([...withInvoices].sort());
    const eire = d.customers.find((c) => c.country === 'EIRE');
    expect(eire?.countryCode).toBe('IE');
    expect(d.invoices.filter((i) => (i.userId === null) !== (i.customerId === null))).toEqual([]);
  });
});
