import { and, inArray, sql } from 'drizzle-orm';
import { executeRows, type Database, type Transaction } from '@emporium/kit';
import type * as schema from './schema.ts';
import { prices } from './schema.ts';

type Db = Database<typeof schema> | Transaction<typeof schema>;

/** A stored price row. */
export type PriceRow = typeof prices.$inferSelect;

/** A (product, currency) pair a price is looked up by. */
export interface PriceKey {
  productId: string;
  currency: string;
}

/** Everything the price of a product at an instant is computed from, in the base currency (minor units). */
export interface PriceFacts {
  productId: string;
  /** The regular price in effect: the latest history row up to now, else the stored base price. */
  regular: number;
  /** The lowest sale active now, when there is one (it may not be below `regular`). */
  sale: { amount: number; startsAt: Date; endsAt: Date } | null;
  /** The lowest selling price (regular or sale) in the 30 days before the reference instant: the start of the sale
   *  when on sale, else now. Null when nothing is known for that window. */
  lowest30Days: number | null;
  /** The next instant a scheduled regular change or a sale starts, or null. */
  nextChange: Date | null;
}

const toDate = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));

/**
 * The price facts of the given products in `currency` at `now` — ONE statement for any number of ids (lateral
 * subqueries over the history and sales indexes). Products without a stored price are absent. The 30-day low is the
 * minimum of the selling price over [ref − 30 days, ref): the regular price in effect at the window's start, every
 * regular price that started inside it, and every sale that overlapped it (min over time of min(regular, sale) is the
 * min of both minima).
 */
export async function priceFacts(db: Db, productIds: readonly string[], currency: string, now: Date): Promise<PriceFacts[]> {
  if (productIds.length === 0) return [];
  const at = sql`${now.toISOString()}::timestamptz`;
  const ids = sql.join(productIds.map((id) => sql`${id}::uuid`), sql`, `);
  const rows = await executeRows<{
    product_id: string;
    regular: string;
    sale_amount: string | null;
    sale_start: unknown;
    sale_end: unknown;
    next_regular: unknown;
    next_sale: unknown;
    low: string | null;
  }>(
    db,
    sql`select p.product_id::text as product_id,
        coalesce(h.amount, p.amount)::text as regular,
        s.amount::text as sale_amount, s.starts_at as sale_start, s.ends_at as sale_end,
        nh.valid_from as next_regular, ns.starts_at as next_sale,
        lo.low::text as low
      from pricing.prices p
      left join lateral (
        select h.amount from pricing.price_history h
        where h.product_id = p.product_id and h.currency = p.currency and h.valid_from <= ${at}
        order by h.valid_from desc limit 1
      ) h on true
      left join lateral (
        select s.amount, s.starts_at, s.ends_at from pricing.sales s
        where s.product_id = p.product_id and s.currency = p.currency and s.starts_at <= ${at} and s.ends_at > ${at}
        order by s.amount, s.ends_at desc limit 1
      ) s on true
      left join lateral (
        select min(h.valid_from) as valid_from from pricing.price_history h
        where h.product_id = p.product_id and h.currency = p.currency and h.valid_from > ${at}
      ) nh on true
      left join lateral (
        select min(s.starts_at) as starts_at from pricing.sales s
        where s.product_id = p.product_id and s.currency = p.currency and s.starts_at > ${at}
      ) ns on true
      left join lateral (
        select least(
          (select h.amount from pricing.price_history h
            where h.product_id = p.product_id and h.currency = p.currency and h.valid_from <= w.b - interval '30 days'
            order by h.valid_from desc limit 1),
          (select min(h.amount) from pricing.price_history h
            where h.product_id = p.product_id and h.currency = p.currency
              and h.valid_from > w.b - interval '30 days' and h.valid_from < w.b),
          (select min(s2.amount) from pricing.sales s2
            where s2.product_id = p.product_id and s2.currency = p.currency
              and s2.starts_at < w.b and s2.ends_at > w.b - interval '30 days')
        ) as low
        from (select case when s.amount < coalesce(h.amount, p.amount) then s.starts_at else ${at} end as b) w
      ) lo on true
      where p.currency = ${currency} and p.product_id in (${ids})`,
  );
  return rows.map((r) => {
    const saleStart = toDate(r.sale_start);
    const saleEnd = toDate(r.sale_end);
    const nexts = [toDate(r.next_regular), toDate(r.next_sale)].filter((d): d is Date => d !== null);
    return {
      productId: r.product_id,
      regular: Number(r.regular),
      sale: r.sale_amount !== null && saleStart && saleEnd ? { amount: Number(r.sale_amount), startsAt: saleStart, endsAt: saleEnd } : null,
      lowest30Days: r.low === null ? null : Number(r.low),
      nextChange: nexts.length > 0 ? new Date(Math.min(...nexts.map((d) => d.getTime()))) : null,
    };
  });
}

/** The regular price of a product in `currency` in effect at `at` (latest history row up to then, else the base). */
export async function regularAt(db: Db, productId: string, currency: string, at: Date): Promise<number | null> {
  const rows = await executeRows<{ amount: string | null }>(
    db,
    sql`select coalesce(
        (select h.amount from pricing.price_history h
          where h.product_id = ${productId}::uuid and h.currency = ${currency} and h.valid_from <= ${at.toISOString()}::timestamptz
          order by h.valid_from desc limit 1),
        (select p.amount from pricing.prices p where p.product_id = ${productId}::uuid and p.currency = ${currency}))::text as amount`,
  );
  const v = rows[0]?.amount;
  return v === null || v === undefined ? null : Number(v);
}

/** The given prices locked for update until the transaction ends (the cross product of ids and currencies). */
export function lockPrices(tx: Transaction<typeof schema>, keys: readonly PriceKey[]) {
  const ids = [...new Set(keys.map((k) => k.productId))];
  const currencies = [...new Set(keys.map((k) => k.currency))];
  return tx
    .select()
    .from(prices)
    .where(and(inArray(prices.productId, ids), inArray(prices.currency, currencies)))
    .for('update');
}
