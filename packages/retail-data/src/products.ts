import type { InvoiceAcc, SkuStats } from './aggregate.ts';
import { brandFor, HOUSE_BRAND } from './brands.ts';
import { categorize } from './categories.ts';
import { productIdForSku } from './ids.ts';
import { DAY_MS, isoDay } from './parse.ts';
import { quantityOnHandFor } from './stock.ts';
import { tagsFor } from './tags.ts';
import { formatCount, normalizeDescription, slugify, titleCase } from './text.ts';
import type { RetailProduct } from './types.ts';

/** Product fields that come from rules rather than from the data. */
export const DERIVED_PRODUCT_FIELDS: readonly string[] = ['brand', 'categoryPath', 'description', 'tags', 'quantityOnHand'];

/** Most frequent key of a count map; ties -> the smallest key (string or number order). */
export function modeOf<K extends string | number>(counts: ReadonlyMap<K, number>): K {
  let best: K | undefined;
  let bestCount = -1;
  for (const [key, count] of counts) {
    if (count > bestCount || (count === bestCount && best !== undefined && key < best)) {
      best = key;
      bestCount = count;
    }
  }
  if (best === undefined) throw new Error('modeOf: empty counts');
  return best;
}

/** Per-code facts gathered from the kept invoices. */
export interface SalesFacts {
  /** Pence -> lines over all days. */
  overall: Map<number, number>;
  /** Per UTC day (source clock) the modal price, only when it changed. */
  history: { day: number; price: number }[];
  orders: number;
  countries: Set<string>;
  day: number;
  dayCounts: Map<number, number>;
  lastInvoice: InvoiceAcc | null;
}

function closeDay(f: SalesFacts): void {
  if (f.dayCounts.size === 0) return;
  const price = modeOf(f.dayCounts);
  if (f.history.at(-1)?.price !== price) f.history.push({ day: f.day, price });
  f.dayCounts.clear();
}

/**
 * One pass over the invoices in time order (stable, so ties keep file order): modal price per day
 * (a line's day is its invoice's day), overall price counts, orders (distinct invoices) and countries.
 */
export function collectSalesFacts(invoices: Iterable<InvoiceAcc>): Map<string, SalesFacts> {
  const facts = new Map<string, SalesFacts>();
  const sorted = [...invoices].sort((a, b) => a.ts - b.ts);
  for (const inv of sorted) {
    const day = Math.floor(inv.ts / DAY_MS);
    for (const line of inv.lines) {
      let f = facts.get(line.sku);
      if (!f) {
        f = { overall: new Map(), history: [], orders: 0, countries: new Set(), day, dayCounts: new Map(), lastInvoice: null };
        facts.set(line.sku, f);
      }
      if (f.lastInvoice !== inv) {
        f.lastInvoice = inv;
        f.orders++;
        f.countries.add(inv.country);
      }
      if (f.day !== day) {
        closeDay(f);
        f.day = day;
      }
      f.dayCounts.set(line.unitPriceMinor, (f.dayCounts.get(line.unitPriceMinor) ?? 0) + 1);
      f.overall.set(line.unitPriceMinor, (f.overall.get(line.unitPriceMinor) ?? 0) + 1);
    }
  }
  for (const f of facts.values()) {
    closeDay(f);
    f.lastInvoice = null;
  }
  return facts;
}

/** The modal description after normalisation (counts of variants that normalise alike are summed). */
export function chosenDescription(descCounts: ReadonlyMap<string, number>): string {
  const normalized = new Map<string, number>();
  for (const [raw, n] of descCounts) {
    const key = normalizeDescription(raw);
    normalized.set(key, (normalized.get(key) ?? 0) + n);
  }
  return modeOf(normalized);
}

/** The derived description: range, category and sales facts taken from the data; nothing invented. */
export function describeProduct(p: {
  title: string; brand: string; categoryPath: string[]; unitsSold: number; orders: number; countries: number;
}): string {
  const range = p.brand === HOUSE_BRAND ? '' : ` from the ${p.brand} range`;
  const countries = `${formatCount(p.countries)} ${p.countries === 1 ? 'country' : 'countries'}`;
  const orders = `${formatCount(p.orders)} ${p.orders === 1 ? 'order' : 'orders'}`;
  return `${p.title}${range}, listed under ${p.categoryPath.join(' > ')}. `
    + `${formatCount(p.unitsSold)} units sold in ${orders} from customers in ${countries}.`;
}

/** Builds the catalogue: one product per code with a valid sale, sorted by sku. */
export function buildProducts(
  skus: ReadonlyMap<string, SkuStats>,
  invoices: Iterable<InvoiceAcc>,
  shiftMs: number,
): RetailProduct[] {
  const facts = collectSalesFacts(invoices);
  const dates = new Map<number, string>();
  const dateOf = (day: number): string => {
    let date = dates.get(day);
    if (date === undefined) dates.set(day, (date = isoDay(day * DAY_MS + shiftMs)));
    return date;
  };
  return [...skus.keys()].sort().map((sku): RetailProduct => {
    const stats = skus.get(sku) as SkuStats;
    const f = facts.get(sku);
    if (!f) throw new Error(`no sale facts for ${sku}`);
    const source = chosenDescription(stats.descCounts);
    const title = titleCase(source);
    const categoryPath = categorize(source);
    const brand = brandFor(source);
    return {
      id: productIdForSku(sku),
      sku,
      slug: [slugify(title), slugify(sku)].filter((s) => s !== '').join('-'),
      title,
      description: describeProduct({
        title, brand, categoryPath, unitsSold: stats.units, orders: f.orders, countries: f.countries.size,
      }),
      categoryPath,
      brand,
      tags: tagsFor(source),
      unitPriceMinor: modeOf(f.overall),
      priceHistory: f.history.map((h) => ({ date: dateOf(h.day), unitPriceMinor: h.price })),
      quantityOnHand: quantityOnHandFor(sku, stats.units, stats.firstTs, stats.lastTs),
      unitsSold: stats.units,
      firstSoldAt: new Date(stats.firstTs + shiftMs),
      lastSoldAt: new Date(stats.lastTs + shiftMs),
      derived: [...DERIVED_PRODUCT_FIELDS],
    };
  });
}
