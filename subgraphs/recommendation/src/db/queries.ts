import { sql, type SQL } from 'drizzle-orm';
import { executeRows, type Database, type Transaction } from '@emporium/kit';
import { DEFAULT_PARAMS } from '../engine/params.ts';
import type { NeighbourRow } from '../models.ts';
import type * as schema from './schema.ts';
import {
  cartAdds,
  coPurchases,
  coViews,
  dailySales,
  lastOrders,
  productStats,
  productViews,
  products,
  shopperViews,
  trackedEvents,
  trending,
  trendingTotals,
  userPurchases,
} from './schema.ts';

type Db = Database<typeof schema>;
type Tx = Transaction<typeof schema>;
type AnyDb = Db | Tx;

/** Neighbours beyond this rank are never shown (the seed keeps 20; live updates may leave extra rows). */
export const TOP_PER_PRODUCT = DEFAULT_PARAMS.neighboursPerProduct;
/** Pairs bought together in fewer orders than this are not recommended (minimum support). */
export const MIN_SUPPORT = DEFAULT_PARAMS.minSupport;
/** The `trending` row that sums all countries. */
export const ALL_COUNTRIES = '*';

export const uuidArray = (ids: readonly string[]) => sql`array[${sql.join(
  ids.map((id) => sql`${id}`),
  sql`, `,
)}]::uuid[]`;
const textArray = (xs: readonly string[]) => sql`array[${sql.join(
  xs.map((x) => sql`${x}`),
  sql`, `,
)}]::text[]`;
const tsParam = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/**
 * SQL for `2^(−age/halfLife)` with age = `now − at` in days, 1 for ages ≤ 0 (as `decayFactor` in engine/decay.ts);
 * the exponent is bounded at −1000 so PostgreSQL never underflows.
 */
export function decaySql(now: SQL, at: SQL, halfLifeDays: number): SQL {
  return sql`power(2::float8, least(0::float8, greatest(-1000::float8, -(extract(epoch from (${now} - ${at}))::float8 / 86400.0) / ${halfLifeDays}::float8)))`;
}

/**
 * The `set` expressions of an upsert that adds `excluded.<value>` (happened at `excluded.<at>`) to a decayed counter
 * `<alias>.<value>` as of `<alias>.<at>` — `bumpCounter` of engine/decay.ts: a late event decays on its own.
 */
function bumpSet(alias: string, value: string, at: string, halfLifeDays: number): SQL {
  const cur = sql.raw(`${alias}.${value}`);
  const curAt = sql.raw(`${alias}.${at}`);
  const add = sql.raw(`excluded.${value}`);
  const addAt = sql.raw(`excluded.${at}`);
  return sql`${sql.raw(value)} = case when ${addAt} >= ${curAt}
      then ${cur} * ${decaySql(addAt, curAt, halfLifeDays)} + ${add}
      else ${cur} + ${add} * ${decaySql(curAt, addAt, halfLifeDays)} end,
    ${sql.raw(at)} = greatest(${curAt}, ${addAt})`;
}

/** SQL of `pairSimilarity` (engine/strategies.ts) over columns: shrunk cosine. */
function similaritySql(together: SQL, a: SQL, b: SQL, shrinkage: number): SQL {
  return sql`least(1::float8, ${together}::float8 / sqrt(${a}::float8 * ${b}::float8)) * (${together}::float8 / (${together}::float8 + ${shrinkage}::float8))`;
}

/**
 * The best `first` co-purchase neighbours (at most {@link TOP_PER_PRODUCT}, support ≥ {@link MIN_SUPPORT}) of each
 * product, best score first — ONE statement for any number of products, ranked per product by a window function.
 */
export async function topRecommendations(db: AnyDb, productIds: readonly string[], first: number): Promise<NeighbourRow[]> {
  const limit = Math.min(first, TOP_PER_PRODUCT);
  if (productIds.length === 0 || limit <= 0) return [];
  const rows = await executeRows<{ product_id: string; other_product_id: string; orders_together: number; score: number }>(
    db,
    sql`select product_id, other_product_id, orders_together, score from (
          select cp.product_id, cp.other_product_id, cp.orders_together, cp.score,
                 row_number() over (partition by cp.product_id order by cp.score desc, cp.other_product_id) as rank
            from ${coPurchases} as cp
           where cp.product_id = any(${uuidArray(productIds)})
             and cp.orders_together >= ${MIN_SUPPORT}
        ) ranked
        where rank <= ${limit}
        order by product_id, rank`,
  );
  return rows.map((r) => ({ productId: r.product_id, otherProductId: r.other_product_id, together: Number(r.orders_together), score: Number(r.score) }));
}

/** One neighbour row of {@link neighbourRows}: 'p' = co-purchase, 'v' = co-view. */
export interface KindedNeighbourRow extends NeighbourRow {
  kind: 'p' | 'v';
}

/**
 * The best `perProduct` co-purchase and co-view neighbours (support ≥ {@link MIN_SUPPORT}) of each product, in ONE
 * statement. `kinds` picks the tables.
 */
export async function neighbourRows(db: AnyDb, productIds: readonly string[], perProduct: number, kinds: readonly ('p' | 'v')[] = ['p', 'v']): Promise<KindedNeighbourRow[]> {
  if (productIds.length === 0 || perProduct <= 0 || kinds.length === 0) return [];
  const ids = uuidArray(productIds);
  const part = (kind: 'p' | 'v') =>
    kind === 'p'
      ? sql`select 'p' as kind, product_id, other_product_id, orders_together as together, score,
               row_number() over (partition by product_id order by score desc, other_product_id) as rank
          from ${coPurchases} where product_id = any(${ids}) and orders_together >= ${MIN_SUPPORT}`
      : sql`select 'v' as kind, product_id, other_product_id, shoppers_together as together, score,
               row_number() over (partition by product_id order by score desc, other_product_id) as rank
          from ${coViews} where product_id = any(${ids}) and shoppers_together >= ${MIN_SUPPORT}`;
  const rows = await executeRows<{ kind: 'p' | 'v'; product_id: string; other_product_id: string; together: number; score: number }>(
    db,
    sql`select kind, product_id, other_product_id, together, score from (${sql.join(kinds.map(part), sql` union all `)}) n
        where rank <= ${perProduct} order by kind, product_id, rank`,
  );
  return rows.map((r) => ({ kind: r.kind, productId: r.product_id, otherProductId: r.other_product_id, together: Number(r.together), score: Number(r.score) }));
}

/**
 * Applies one more order containing `productIds` (distinct) inside `tx`: +1 order per product, +1 per directed pair
 * (rows are created when missing), then re-scores every stored pair that involves one of the products (their
 * denominators moved). Three statements whatever the order size.
 */
export async function applyOrderToStats(tx: Tx, productIds: readonly string[], shrinkage = DEFAULT_PARAMS.similarityShrinkage): Promise<void> {
  if (productIds.length === 0) return;
  const ids = uuidArray(productIds);
  await tx.execute(sql`
    insert into ${productStats} as s (product_id, orders)
    select id, 1 from unnest(${ids}) as p(id)
    on conflict (product_id) do update set orders = s.orders + 1`);
  if (productIds.length > 1) {
    await tx.execute(sql`
      insert into ${coPurchases} as cp (product_id, other_product_id, orders_together, score)
      select a.id, b.id, 1, 0 from unnest(${ids}) as a(id) cross join unnest(${ids}) as b(id) where a.id <> b.id
      on conflict (product_id, other_product_id) do update set orders_together = cp.orders_together + 1`);
  }
  await tx.execute(sql`
    update ${coPurchases} as cp
       set score = ${similaritySql(sql`cp.orders_together`, sql`sa.orders`, sql`sb.orders`, shrinkage)}
      from ${productStats} as sa, ${productStats} as sb
     where sa.product_id = cp.product_id and sb.product_id = cp.other_product_id
       and (cp.product_id = any(${ids}) or cp.other_product_id = any(${ids}))`);
}

/** One `order.placed` as the aggregates read it. */
export interface PlacedOrder {
  userId: string | null;
  sessionId: string | null;
  /** ISO alpha-2. */
  country: string | null;
  placedAt: Date;
  /** Distinct sold products. */
  productIds: readonly string[];
}

/**
 * Applies one order to every aggregate (README "Live updates"): the customer's purchases, last order and cart
 * additions always; product statistics (pairs, trending, daily sales) unless the order is a bulk buy.
 */
export async function applyOrderPlaced(tx: Tx, order: PlacedOrder, params = DEFAULT_PARAMS): Promise<void> {
  const ids = uuidArray(order.productIds);
  const t = tsParam(order.placedAt);
  if (order.productIds.length === 0) return;
  if (order.userId) {
    await tx.execute(sql`
      insert into ${userPurchases} as up (user_id, product_id, orders, decayed, decayed_at, last_ordered_at)
      select ${order.userId}::uuid, id, 1, 1, ${t}, ${t} from unnest(${ids}) as p(id)
      on conflict (user_id, product_id) do update set orders = up.orders + 1,
        ${bumpSet('up', 'decayed', 'decayed_at', params.buyAgainHalfLifeDays)},
        last_ordered_at = greatest(up.last_ordered_at, excluded.last_ordered_at)`);
    await tx.execute(sql`
      insert into ${lastOrders} as lo (user_id, product_ids, placed_at) values (${order.userId}::uuid, ${ids}, ${t})
      on conflict (user_id) do update set product_ids = excluded.product_ids, placed_at = excluded.placed_at
      where excluded.placed_at >= lo.placed_at`);
  }
  const shoppers = shopperKeys(order.userId, order.sessionId);
  if (shoppers.length > 0) {
    await tx.execute(sql`delete from ${cartAdds} where shopper = any(${textArray(shoppers)}) and added_at <= ${t}`);
  }
  if (order.productIds.length > params.maxDistinctProducts) return;
  await applyOrderToStats(tx, order.productIds, params.similarityShrinkage);
  const countries = textArray(order.country ? [order.country, ALL_COUNTRIES] : [ALL_COUNTRIES]);
  await tx.execute(sql`
    insert into ${trending} as tr (country, product_id, value, at)
    select c, id, 1, ${t} from unnest(${countries}) as c(c) cross join unnest(${ids}) as p(id)
    on conflict (country, product_id) do update set ${bumpSet('tr', 'value', 'at', params.trendingHalfLifeDays)}`);
  await tx.execute(sql`
    insert into ${trendingTotals} as tt (country, value, at)
    select c, 1, ${t} from unnest(${countries}) as c(c)
    on conflict (country) do update set ${bumpSet('tt', 'value', 'at', params.trendingHalfLifeDays)}`);
  await tx.execute(sql`
    insert into ${dailySales} as ds (day, product_id, orders)
    select (${t} at time zone 'UTC')::date, id, 1 from unnest(${ids}) as p(id)
    on conflict (day, product_id) do update set orders = ds.orders + 1`);
}

/** The shopper keys of a user and/or session: 'u:<user id>', 's:<session id>'. */
export function shopperKeys(userId: string | null | undefined, sessionId: string | null | undefined): string[] {
  return [...(userId ? [`u:${userId}`] : []), ...(sessionId ? [`s:${sessionId}`] : [])];
}

/** What a personal request reads about the shopper in ONE statement. */
export interface ShopperRows {
  /** Purchases, best decayed order count first (at most `historyLimit`). */
  history: { productId: string; orders: number; decayed: number }[];
  /** Products added to a cart since the last order, most recent first. */
  cart: string[];
  /** The products of the last order, in order. */
  lastOrder: string[];
}

/** Reads the shopper's history, tracked cart additions and last order in one statement. */
export async function readShopper(db: AnyDb, userId: string, shoppers: readonly string[], now: Date, params = DEFAULT_PARAMS): Promise<ShopperRows> {
  const n = tsParam(now);
  const rows = await executeRows<{ kind: 'h' | 'c' | 'l'; product_id: string; a: number; b: number }>(
    db,
    sql`(select 'h' as kind, product_id, orders::float8 as a, decayed * ${decaySql(n, sql`decayed_at`, params.buyAgainHalfLifeDays)} as b
           from ${userPurchases} where user_id = ${userId}::uuid order by b desc, product_id limit ${params.historyLimit})
        union all
        (select 'c', product_id, 0::float8, extract(epoch from added_at)::float8 from ${cartAdds}
          where shopper = any(${textArray(shoppers.length ? shoppers : [''])}) order by 4 desc, 2 limit ${params.basketLimit})
        union all
        (select 'l', x.id, x.ord::float8, 0::float8 from ${lastOrders}, unnest(product_ids) with ordinality as x(id, ord)
          where user_id = ${userId}::uuid)`,
  );
  const out: ShopperRows = { history: [], cart: [], lastOrder: [] };
  const hist = rows.filter((r) => r.kind === 'h').map((r) => ({ productId: r.product_id, orders: Number(r.a), decayed: Number(r.b) }));
  hist.sort((x, y) => y.decayed - x.decayed || (x.productId < y.productId ? -1 : 1));
  out.history = hist;
  out.cart = rows.filter((r) => r.kind === 'c').sort((x, y) => Number(y.b) - Number(x.b)).map((r) => r.product_id);
  out.lastOrder = rows.filter((r) => r.kind === 'l').sort((x, y) => Number(x.a) - Number(y.a)).map((r) => r.product_id);
  return out;
}

/** Decayed trending lists of a country and of all countries, with their totals. */
export interface TrendingRows {
  country: string | null;
  countryTotal: number;
  countryItems: { productId: string; value: number }[];
  globalTotal: number;
  globalItems: { productId: string; value: number }[];
}

/** The best `listLimit` trending products of `country` and of all countries as of `now`, in ONE statement. */
export async function readTrending(db: AnyDb, country: string | null, now: Date, params = DEFAULT_PARAMS): Promise<TrendingRows> {
  const n = tsParam(now);
  const keys = textArray(country ? [country, ALL_COUNTRIES] : [ALL_COUNTRIES]);
  const decayed = (v: SQL, at: SQL) => sql`${v} * ${decaySql(n, at, params.trendingHalfLifeDays)}`;
  const rows = await executeRows<{ country: string; product_id: string | null; v: number }>(
    db,
    sql`select country, product_id, v from (
          select country, product_id, ${decayed(sql`value`, sql`at`)} as v,
                 row_number() over (partition by country order by ${decayed(sql`value`, sql`at`)} desc, product_id) as rank
            from ${trending} where country = any(${keys})) ranked
        where rank <= ${params.listLimit}
        union all
        select country, null, ${decayed(sql`value`, sql`at`)} from ${trendingTotals} where country = any(${keys})`,
  );
  const out: TrendingRows = { country, countryTotal: 0, countryItems: [], globalTotal: 0, globalItems: [] };
  for (const r of rows) {
    const isGlobal = r.country === ALL_COUNTRIES;
    if (r.product_id === null) {
      if (isGlobal) out.globalTotal = Number(r.v);
      else out.countryTotal = Number(r.v);
    } else (isGlobal ? out.globalItems : out.countryItems).push({ productId: r.product_id, value: Number(r.v) });
  }
  return out;
}

/** Orders per product between two UTC days (inclusive), best `limit` first. */
export async function readSeasonal(db: AnyDb, fromDay: string, toDay: string, limit: number): Promise<{ productId: string; orders: number }[]> {
  const rows = await executeRows<{ product_id: string; n: number }>(
    db,
    sql`select product_id, sum(orders)::int as n from ${dailySales}
         where day between ${fromDay}::date and ${toDay}::date
         group by product_id order by n desc, product_id limit ${limit}`,
  );
  return rows.map((r) => ({ productId: r.product_id, orders: Number(r.n) }));
}

/** One product of the catalogue snapshot. */
export interface CatalogueRow {
  productId: string;
  categoryPath: string[];
  brand: string | null;
  tags: string[];
  priceMinor: number | null;
  inStock: boolean;
  orders: number;
}

/** Every product this subgraph knows (attributes, stock, order count), for the in-process catalogue snapshot. */
export async function readCatalogue(db: AnyDb): Promise<CatalogueRow[]> {
  const rows = await executeRows<{
    id: string;
    category_path: string[] | null;
    brand: string | null;
    tags: string[] | null;
    price_minor: number | null;
    in_stock: boolean | null;
    orders: number;
  }>(
    db,
    sql`select coalesce(p.product_id, s.product_id) as id, p.category_path, p.brand, p.tags, p.price_minor, p.in_stock,
               coalesce(s.orders, 0)::int as orders
          from ${products} p full join ${productStats} s on s.product_id = p.product_id
         order by 1`,
  );
  return rows.map((r) => ({
    productId: r.id,
    categoryPath: r.category_path ?? [],
    brand: r.brand,
    tags: r.tags ?? [],
    priceMinor: r.price_minor === null ? null : Number(r.price_minor),
    inStock: r.in_stock ?? true,
    orders: Number(r.orders),
  }));
}

/** Upserts a product's attributes unless a newer `product.upserted` was applied already. */
export async function upsertProductAttributes(
  tx: AnyDb,
  p: { productId: string; categoryPath: readonly string[]; brand: string | null; tags?: readonly string[] | undefined; at: Date },
): Promise<void> {
  const tags = p.tags ? textArray(p.tags) : null;
  await tx.execute(sql`
    insert into ${products} as pr (product_id, category_path, brand, tags, attributes_at)
    values (${p.productId}::uuid, ${textArray(p.categoryPath)}, ${p.brand}, ${tags ?? sql`'{}'::text[]`}, ${tsParam(p.at)})
    on conflict (product_id) do update set category_path = excluded.category_path, brand = excluded.brand,
      ${tags ? sql`tags = excluded.tags,` : sql``} attributes_at = excluded.attributes_at
    where pr.attributes_at is null or pr.attributes_at <= excluded.attributes_at`);
}

/** Sets a product's GBP price unless a newer price was applied already. */
export async function upsertProductPrice(tx: AnyDb, productId: string, priceMinor: number, at: Date): Promise<void> {
  await tx.execute(sql`
    insert into ${products} as pr (product_id, price_minor, price_at) values (${productId}::uuid, ${priceMinor}, ${tsParam(at)})
    on conflict (product_id) do update set price_minor = excluded.price_minor, price_at = excluded.price_at
    where pr.price_at is null or pr.price_at <= excluded.price_at`);
}

/** Sets a product's availability unless a newer stock event was applied already. */
export async function upsertProductStock(tx: AnyDb, productId: string, inStock: boolean, at: Date): Promise<void> {
  await tx.execute(sql`
    insert into ${products} as pr (product_id, in_stock, stock_at) values (${productId}::uuid, ${inStock}, ${tsParam(at)})
    on conflict (product_id) do update set in_stock = excluded.in_stock, stock_at = excluded.stock_at
    where pr.stock_at is null or pr.stock_at <= excluded.stock_at`);
}

/** A storefront event as stored. */
export interface TrackedEventInput {
  id: string;
  type: string;
  userId: string | null;
  sessionId: string | null;
  productId: string | null;
  query: string | null;
  occurredAt: Date;
}

/** Stores a storefront event (the durable log). */
export async function insertTrackedEvent(tx: AnyDb, e: TrackedEventInput): Promise<void> {
  await tx.insert(trackedEvents).values(e);
}

/**
 * Counts a product view incrementally: the first view of the product by this shopper adds 1 to its viewers and 1 to
 * every pair with the shopper's `recentLimit` most recent other views, then re-scores the pairs involving the
 * product. A repeated view changes nothing. Statements: 1 when repeated, else 4.
 */
export async function applyProductView(tx: Tx, shopper: string, productId: string, at: Date, recentLimit = 50, shrinkage = DEFAULT_PARAMS.similarityShrinkage): Promise<boolean> {
  const inserted = await executeRows<{ product_id: string }>(
    tx,
    sql`insert into ${shopperViews} (shopper, product_id, viewed_at) values (${shopper}, ${productId}::uuid, ${tsParam(at)})
        on conflict do nothing returning product_id`,
  );
  if (inserted.length === 0) return false;
  await tx.execute(sql`
    insert into ${productViews} as pv (product_id, shoppers) values (${productId}::uuid, 1)
    on conflict (product_id) do update set shoppers = pv.shoppers + 1`);
  await tx.execute(sql`
    with recent as (
      select product_id from ${shopperViews} where shopper = ${shopper} and product_id <> ${productId}::uuid
       order by viewed_at desc, product_id limit ${recentLimit}
    ), pairs as (
      select ${productId}::uuid as a, product_id as b from recent union all select product_id, ${productId}::uuid from recent
    )
    insert into ${coViews} as cv (product_id, other_product_id, shoppers_together, score)
    select a, b, 1, 0 from pairs
    on conflict (product_id, other_product_id) do update set shoppers_together = cv.shoppers_together + 1`);
  await tx.execute(sql`
    update ${coViews} as cv
       set score = ${similaritySql(sql`cv.shoppers_together`, sql`va.shoppers`, sql`vb.shoppers`, shrinkage)}
      from ${productViews} as va, ${productViews} as vb
     where va.product_id = cv.product_id and vb.product_id = cv.other_product_id
       and (cv.product_id = ${productId}::uuid or cv.other_product_id = ${productId}::uuid)`);
  return true;
}

/** Records a cart addition (the cross-sell basket until the shopper's next order). */
export async function applyCartAdd(tx: AnyDb, shopper: string, productId: string, at: Date): Promise<void> {
  await tx.execute(sql`
    insert into ${cartAdds} as ca (shopper, product_id, added_at) values (${shopper}, ${productId}::uuid, ${tsParam(at)})
    on conflict (shopper, product_id) do update set added_at = greatest(ca.added_at, excluded.added_at)`);
}
