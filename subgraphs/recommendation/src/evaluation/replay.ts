/**
 * The evaluation's in-memory model: it replays orders in time order and keeps exactly the statistics the subgraph
 * keeps in its tables (orders and pairs per product, decayed counts per country, orders per day, each customer's
 * decayed purchases and last basket), then builds a {@link RecommendInput} for a customer at a point in time with
 * the same rules as the resolvers (limits, minimum support, top neighbours).
 */
import { bumpCounter, decayFactor, decayedValue, type DecayedCounter } from '../engine/decay.ts';
import type { ItemFeatures } from '../engine/features.ts';
import type { RecommendationParams } from '../engine/params.ts';
import type { RecommendInput } from '../engine/recommend.ts';
import { neighbourLists, seasonalWindow } from '../engine/strategies.ts';
import { pairSimilarity } from '../engine/strategies.ts';

/** One order as the replay reads it. */
export interface ReplayOrder {
  /** Dense customer index, −1 for a guest. */
  customer: number;
  /** Dense country index, −1 when unknown. */
  country: number;
  /** Fractional days since the epoch. */
  day: number;
  /** Distinct sold items. */
  items: Int32Array;
}

/** One customer's purchase of one item. */
interface Purchase extends DecayedCounter {
  orders: number;
}

/** A customer's history as the subgraph stores it (`user_purchases`, plus the latest basket). */
export interface CustomerState {
  purchases: Map<number, Purchase>;
  lastBasket: Int32Array;
}

/** The largest catalogue the dense pair matrix is used for (n² × 4 bytes: 10,000 products = 400 MB). */
export const MAX_REPLAY_ITEMS = 10_000;

export class ReplayModel {
  readonly n: number;
  /** Counted (non-bulk) orders per item: cosine denominators, popularity, tie-breaks. */
  readonly orders: Uint32Array;
  /** 1 once an item was in any order: a product enters the catalogue with its first sale. */
  readonly sold: Uint8Array;
  /** Counted orders per unordered pair, stored both ways (n × n). */
  private readonly pairs: Uint32Array;
  private readonly trend: { value: Float64Array; at: Float64Array; total: DecayedCounter }[];
  private readonly globalTrend: { value: Float64Array; at: Float64Array; total: DecayedCounter };
  private readonly daily = new Map<number, Uint32Array>();
  private readonly seasonalMemo = new Map<number, Float64Array>();
  readonly customers = new Map<number, CustomerState>();

  constructor(
    n: number,
    countries: number,
    private readonly params: RecommendationParams,
  ) {
    if (n > MAX_REPLAY_ITEMS) throw new Error(`The replay keeps a dense pair matrix; ${n} items is over ${MAX_REPLAY_ITEMS}.`);
    this.n = n;
    this.orders = new Uint32Array(n);
    this.sold = new Uint8Array(n);
    this.pairs = new Uint32Array(n * n);
    const trend = () => ({ value: new Float64Array(n), at: new Float64Array(n), total: { value: 0, at: 0 } });
    this.trend = Array.from({ length: countries }, trend);
    this.globalTrend = trend();
  }

  /** Applies one order, as the `order.placed` consumer does. */
  apply(o: ReplayOrder): void {
    const p = this.params;
    for (const i of o.items) this.sold[i] = 1;
    if (o.customer >= 0) {
      let c = this.customers.get(o.customer);
      if (!c) this.customers.set(o.customer, (c = { purchases: new Map(), lastBasket: new Int32Array(0) }));
      for (const i of o.items) {
        const prev = c.purchases.get(i) ?? { value: 0, at: o.day, orders: 0 };
        c.purchases.set(i, { ...bumpCounter(prev, o.day, p.buyAgainHalfLifeDays), orders: prev.orders + 1 });
      }
      c.lastBasket = o.items;
    }
    if (o.items.length === 0 || o.items.length > p.maxDistinctProducts) return;
    const n = this.n;
    for (let x = 0; x < o.items.length; x++) {
      const i = o.items[x]!;
      this.orders[i]! += 1;
      for (let y = x + 1; y < o.items.length; y++) {
        const j = o.items[y]!;
        this.pairs[i * n + j]! += 1;
        this.pairs[j * n + i]! += 1;
      }
    }
    const bump = (t: { value: Float64Array; at: Float64Array; total: DecayedCounter }) => {
      for (const i of o.items) {
        const next = bumpCounter({ value: t.value[i]!, at: t.at[i]! }, o.day, p.trendingHalfLifeDays);
        t.value[i] = next.value;
        t.at[i] = next.at;
      }
      t.total = bumpCounter(t.total, o.day, p.trendingHalfLifeDays);
    };
    if (o.country >= 0) bump(this.trend[o.country]!);
    bump(this.globalTrend);
    const d = Math.floor(o.day);
    let counts = this.daily.get(d);
    if (!counts) this.daily.set(d, (counts = new Uint32Array(n)));
    for (const i of o.items) counts[i]! += 1;
    this.seasonalMemo.clear();
  }

  /** The best neighbours of item i now: cosine over counted orders, support ≥ minSupport, best first (ties: index). */
  neighbours(i: number): { item: number; score: number; together: number }[] {
    const { n, params } = this;
    const k = params.neighboursPerProduct;
    const items = new Int32Array(k);
    const scores = new Float64Array(k);
    let size = 0;
    const row = i * n;
    const oi = this.orders[i]!;
    for (let j = 0; j < n; j++) {
      const together = this.pairs[row + j]!;
      if (together < params.minSupport || j === i) continue;
      const score = pairSimilarity(together, oi, this.orders[j]!, params.similarityShrinkage);
      if (size === k && !(score > scores[k - 1]!)) continue; // equal scores: the lower index (seen first) stays
      let pos = size < k ? size++ : k - 1;
      while (pos > 0 && score > scores[pos - 1]!) {
        items[pos] = items[pos - 1]!;
        scores[pos] = scores[pos - 1]!;
        pos--;
      }
      items[pos] = j;
      scores[pos] = score;
    }
    const list: { item: number; score: number; together: number }[] = [];
    for (let r = 0; r < size; r++) list.push({ item: items[r]!, score: scores[r]!, together: this.pairs[row + items[r]!]! });
    return list;
  }

  /** Decayed counts as of `day` for one trend table, keeping only the best `listLimit` items. */
  private trendAt(t: { value: Float64Array; at: Float64Array; total: DecayedCounter }, day: number): { values: Float64Array; total: number } {
    const h = this.params.trendingHalfLifeDays;
    const all = new Float64Array(this.n);
    for (let j = 0; j < this.n; j++) {
      const v = t.value[j]!;
      if (v > 0) all[j] = v * decayFactor(day - t.at[j]!, h);
    }
    return { values: keepTop(all, this.params.listLimit), total: decayedValue(t.total, day, h) };
  }

  /** Orders per item in the same period last year (window of seasonalWindow), best `listLimit` only. */
  seasonalAt(day: number): Float64Array {
    const key = Math.floor(day);
    const memo = this.seasonalMemo.get(key);
    if (memo) return memo;
    const [from, to] = seasonalWindow(key, this.params.seasonalHalfWindowDays);
    const sum = new Float64Array(this.n);
    for (let d = from; d <= to; d++) {
      const counts = this.daily.get(d);
      if (counts) for (let j = 0; j < this.n; j++) sum[j]! += counts[j]!;
    }
    const kept = keepTop(sum, this.params.listLimit);
    this.seasonalMemo.set(key, kept);
    return kept;
  }

  /** The customer's purchases as the subgraph reads them: decayed to `day`, best first (ties: item index). */
  history(customer: number, day: number): { items: Int32Array; decayed: Float64Array; orders: Float64Array } {
    const c = this.customers.get(customer);
    const rows = c
      ? [...c.purchases].map(([item, p]) => ({ item, d: decayedValue(p, day, this.params.buyAgainHalfLifeDays), orders: p.orders }))
      : [];
    rows.sort((a, b) => b.d - a.d || a.item - b.item);
    return {
      items: Int32Array.from(rows, (r) => r.item),
      decayed: Float64Array.from(rows, (r) => r.d),
      orders: Float64Array.from(rows, (r) => r.orders),
    };
  }

  /** A HOME request for `customer` in `country` on `day`: every strategy's input, as the resolver builds it. */
  input(customer: number, country: number, day: number, features: ItemFeatures): RecommendInput {
    const p = this.params;
    const history = this.history(customer, day);
    const seedCount = Math.min(history.items.length, p.collaborativeSeeds);
    const seedItems = history.items.subarray(0, seedCount);
    const basket = (this.customers.get(customer)?.lastBasket ?? new Int32Array(0)).subarray(0, p.basketLimit);
    const country_ = country >= 0 ? this.trendAt(this.trend[country]!, day) : null;
    const global = this.trendAt(this.globalTrend, day);
    return {
      n: this.n,
      history: { items: history.items, decayed: history.decayed },
      seeds: { lists: neighbourLists([...seedItems].map((i) => this.neighbours(i))), weights: history.decayed.slice(0, seedCount) },
      basket: {
        lists: neighbourLists([...basket].map((i) => this.neighbours(i))),
        orders: Float64Array.from(basket, (i) => this.orders[i]!),
      },
      features,
      trending: { country: country_?.values ?? null, countryTotal: country_?.total ?? 0, global: global.values, globalTotal: global.total },
      seasonal: this.seasonalAt(day),
      tieBreak: this.orders,
    };
  }
}

/**
 * A copy of `scores` keeping only the best `limit` positive entries (the same choice as `topK`: score descending,
 * then index ascending), everything else 0.
 */
export function keepTop(scores: Float64Array, limit: number): Float64Array {
  const kept = new Float64Array(scores.length);
  const sorted = Float64Array.from(scores).sort();
  const threshold = sorted.length > limit ? sorted[sorted.length - limit]! : 0;
  let above = 0;
  for (let j = 0; j < scores.length; j++) if (scores[j]! > threshold && scores[j]! > 0) above++;
  let ties = limit - above;
  for (let j = 0; j < scores.length; j++) {
    const s = scores[j]!;
    if (!(s > 0)) continue;
    if (s > threshold) kept[j] = s;
    else if (s === threshold && ties > 0) {
      kept[j] = s;
      ties--;
    }
  }
  return kept;
}
