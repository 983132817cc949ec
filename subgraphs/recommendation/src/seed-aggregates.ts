/**
 * The demo seed's aggregates, computed from the data set with the same rules the live consumers apply one event at a
 * time (README "Rules"): product attributes and stock, each customer's decayed purchases and last order, decayed
 * trending counts per country and overall, and orders per product per day. Pure: no database, no clock.
 */
import type { RetailDataset } from '@emporium/retail-data';
import { bumpCounter, toDays, type DecayedCounter } from './engine/decay.ts';
import { DEFAULT_PARAMS, type RecommendationParams } from './engine/params.ts';
import { soldProducts } from './co-purchase.ts';

/** The rows the seed upserts (besides the co-purchase statistics). */
export interface SeedAggregates {
  products: { productId: string; categoryPath: string[]; brand: string | null; tags: string[]; priceMinor: number; inStock: boolean; at: Date }[];
  userPurchases: { userId: string; productId: string; orders: number; decayed: number; decayedAt: Date; lastOrderedAt: Date }[];
  lastOrders: { userId: string; productIds: string[]; placedAt: Date }[];
  trending: { country: string; productId: string; value: number; at: Date }[];
  trendingTotals: { country: string; value: number; at: Date }[];
  dailySales: { day: string; productId: string; orders: number }[];
}

const fromDays = (d: number) => new Date(Math.round(d * 86_400_000));

/** Computes every seed row; invoices may come in any order (they are applied in time order). */
export function seedAggregates(
  data: Pick<RetailDataset, 'invoices' | 'products'>,
  params: RecommendationParams = DEFAULT_PARAMS,
  attributesAt: Date = new Date(0),
): SeedAggregates {
  const invoices = [...data.invoices].sort((a, b) => a.invoicedAt.getTime() - b.invoicedAt.getTime());
  const purchases = new Map<string, Map<string, { counter: DecayedCounter; orders: number; last: number }>>();
  const lastOrders = new Map<string, { productIds: string[]; placedAt: Date }>();
  const trend = new Map<string, Map<string, DecayedCounter>>();
  const totals = new Map<string, DecayedCounter>();
  const daily = new Map<string, Map<string, number>>();
  for (const inv of invoices) {
    const items = soldProducts(inv);
    if (items.length === 0) continue;
    const t = toDays(inv.invoicedAt);
    if (inv.userId) {
      let mine = purchases.get(inv.userId);
      if (!mine) purchases.set(inv.userId, (mine = new Map()));
      for (const id of items) {
        const prev = mine.get(id) ?? { counter: { value: 0, at: t }, orders: 0, last: t };
        mine.set(id, { counter: bumpCounter(prev.counter, t, params.buyAgainHalfLifeDays), orders: prev.orders + 1, last: Math.max(prev.last, t) });
      }
      lastOrders.set(inv.userId, { productIds: items, placedAt: inv.invoicedAt });
    }
    if (items.length > params.maxDistinctProducts) continue;
    for (const country of inv.countryCode ? [inv.countryCode, '*'] : ['*']) {
      let m = trend.get(country);
      if (!m) trend.set(country, (m = new Map()));
      for (const id of items) m.set(id, bumpCounter(m.get(id) ?? { value: 0, at: t }, t, params.trendingHalfLifeDays));
      totals.set(country, bumpCounter(totals.get(country) ?? { value: 0, at: t }, t, params.trendingHalfLifeDays));
    }
    const day = inv.invoicedAt.toISOString().slice(0, 10);
    let d = daily.get(day);
    if (!d) daily.set(day, (d = new Map()));
    for (const id of items) d.set(id, (d.get(id) ?? 0) + 1);
  }
  return {
    products: data.products.map((p) => ({
      productId: p.id,
      categoryPath: p.categoryPath,
      brand: p.brand,
      tags: p.tags,
      priceMinor: p.unitPriceMinor,
      inStock: p.quantityOnHand > 0,
      at: attributesAt,
    })),
    userPurchases: [...purchases].flatMap(([userId, m]) =>
      [...m].map(([productId, p]) => ({ userId, productId, orders: p.orders, decayed: p.counter.value, decayedAt: fromDays(p.counter.at), lastOrderedAt: fromDays(p.last) })),
    ),
    lastOrders: [...lastOrders].map(([userId, o]) => ({ userId, ...o })),
    trending: [...trend].flatMap(([country, m]) => [...m].map(([productId, c]) => ({ country, productId, value: c.value, at: fromDays(c.at) }))),
    trendingTotals: [...totals].map(([country, c]) => ({ country, value: c.value, at: fromDays(c.at) })),
    dailySales: [...daily].flatMap(([day, m]) => [...m].map(([productId, orders]) => ({ day, productId, orders }))),
  };
}
