import { sql, type SQL } from 'drizzle-orm';
import { executeRows, type Database, type Transaction } from '@emporium/kit';
import type * as schema from '../db/schema.ts';
import { searchPriceSchedule } from '../db/schema.ts';
import { arrayParam } from './sql.ts';

/** The product subgraph's database or a transaction on it. */
export type Executor = Database<typeof schema> | Transaction<typeof schema>;

/** Words shorter or longer than this are left out of the vocabulary (`search_terms`). */
export const TERM_MIN_LENGTH = 2;
export const TERM_MAX_LENGTH = 40;

/**
 * The words of a text for its tsvector: accents folded and every run of other characters a space — the split of the
 * vocabulary (`terms` below) and of queries (text.ts wordsOf). PostgreSQL's own parser would keep "SET/6" as one
 * file-path lexeme that the word "set" does not match (drizzle/0010 recomputed the documents built so).
 */
const words = (text: SQL) => sql`regexp_replace(unaccent(${text}), '[^[:alnum:]]+', ' ', 'g')`;

/**
 * (Re)builds the search projection rows of the given products from the catalog tables — text, category ancestry,
 * vocabulary words and the weighted tsvector (sku and title A, brand B, category names C, description and tags D; accents
 * folded, English stemming) — in ONE statement. Price, stock and rating columns are left as they are
 * (they belong to events and reviews). Call it in the transaction that wrote the products, so search never sees a
 * product the catalog does not have (or the reverse). Returns the number of rows written.
 */
export async function refreshSearchDocuments(db: Executor, productIds: readonly string[], now: Date): Promise<number> {
  if (productIds.length === 0) return 0;
  const rows = await executeRows<{ n: number }>(
    db,
    sql`
    with recursive tree as (
      select id, array[id] as ids from product.categories where parent_id is null
      union all
      select c.id, t.ids || c.id from product.categories c join tree t on c.parent_id = t.id
    ), written as (
      insert into product.search_documents as d
        (product_id, sku, title, description, brand_id, category_id, category_ids, terms, document, popularity, created_at, updated_at)
      select
        p.id, p.sku, p.title, p.description, p.brand_id, p.category_id, coalesce(tree.ids, '{}'::uuid[]),
        array(
          select distinct w
          from regexp_split_to_table(
            lower(unaccent(concat_ws(' ', p.title, b.name, array_to_string(c.path, ' '), array_to_string(p.tags, ' ')))),
            '[^[:alnum:]]+') as w
          where length(w) between ${TERM_MIN_LENGTH} and ${TERM_MAX_LENGTH}
          order by w
        ),
        setweight(to_tsvector('simple', lower(p.sku)), 'A')
          || setweight(to_tsvector('english', ${words(sql`p.title`)}), 'A')
          || setweight(to_tsvector('english', ${words(sql`coalesce(b.name, '')`)}), 'B')
          || setweight(to_tsvector('english', ${words(sql`coalesce(array_to_string(c.path, ' '), '')`)}), 'C')
          || setweight(to_tsvector('english', ${words(sql`concat_ws(' ', p.description, array_to_string(p.tags, ' '))`)}), 'D'),
        p.popularity, p.created_at, ${now.toISOString()}::timestamptz
      from product.products p
      left join product.brands b on b.id = p.brand_id
      left join product.categories c on c.id = p.category_id
      left join tree on tree.id = p.category_id
      where p.id = any(${arrayParam(productIds, 'uuid')})
      on conflict (product_id) do update set
        sku = excluded.sku, title = excluded.title, description = excluded.description, brand_id = excluded.brand_id,
        category_id = excluded.category_id, category_ids = excluded.category_ids, terms = excluded.terms,
        document = excluded.document, popularity = excluded.popularity, created_at = excluded.created_at,
        updated_at = excluded.updated_at
      returning 1
    )
    select count(*)::int as n from written`,
  );
  return rows[0]?.n ?? 0;
}

/** Price and stock of a product as the demo seed knows them (the same numbers the pricing and inventory seeds load). */
export interface SeedSignals {
  productId: string;
  /** GBP pence, or null when the product has no valid price. */
  priceAmount: number | null;
  /** Units available (on hand at seeding). */
  quantity: number;
}

/**
 * Sets price and stock of seeded products directly (seeds publish no events). Rows already fed by an event
 * (`price_as_of` / `stock_as_of` set) keep the live value, as the pricing and inventory seeds keep live rows.
 */
export async function applySeedSignals(db: Executor, signals: readonly SeedSignals[]): Promise<number> {
  if (signals.length === 0) return 0;
  const rows = await executeRows<{ n: number }>(
    db,
    sql`
    with s as (
      select * from unnest(
        ${arrayParam(signals.map((s) => s.productId), 'uuid')},
        ${arrayParam(signals.map((s) => s.priceAmount ?? -1), 'bigint')},
        ${arrayParam(signals.map((s) => s.quantity), 'int')}
      ) as s(product_id, price, quantity)
    ), updated as (
      update product.search_documents d set
        price_amount = case when d.price_as_of is null then nullif(s.price, -1) else d.price_amount end,
        regular_amount = case when d.price_as_of is null then nullif(s.price, -1) else d.regular_amount end,
        discount_percent = case when d.price_as_of is null then 0 else d.discount_percent end,
        quantity = case when d.stock_as_of is null then s.quantity else d.quantity end,
        in_stock = case when d.stock_as_of is null then s.quantity > 0 else d.in_stock end
      from s where d.product_id = s.product_id
      returning 1
    )
    select count(*)::int as n from updated`,
  );
  return rows[0]?.n ?? 0;
}

/** Whole percent of `amount` below `regular`, rounded down; 0 when not below. */
export function discountPercent(amount: number, regular: number): number {
  if (!(regular > 0) || amount >= regular) return 0;
  return Math.floor(((regular - amount) * 100) / regular);
}

/**
 * How stale price, discount and stock in search may be after the producer's commit: the producer's outbox relay polls
 * every 1 s (and is woken at once by `notify()` after the commit, the usual case), then bus delivery (immediate:
 * in-process, or a blocked XREADGROUP on Redis) and one consumer transaction, budgeted 1 s together. Tested in
 * test/search-events.test.ts.
 */
export const STALENESS_BOUND_MS = 2000;

/** The currency the projection keeps prices in (price filters and sorts are GBP only for now). */
export const SEARCH_CURRENCY = 'GBP';

/** A `price.changed` as the projection reads it. */
export interface PriceChange {
  productId: string;
  currency: string;
  amount: number;
  regularAmount: number;
  /** When `amount` takes effect (may be in the future: a scheduled price or a sale that has not started). */
  validFrom: Date;
  /** When a sale ends and the regular price applies again; null when open-ended. */
  validUntil: Date | null;
  occurredAt: Date;
}

/** How often the scheduled-price sweeper runs (ms): the extra staleness of a price that takes effect later. */
export const PRICE_SWEEP_INTERVAL_MS = 1000;

/** Sets the current price unless a newer price event was applied already. Returns true when the row changed. */
async function setPrice(db: Executor, productId: string, amount: number, regular: number, occurredAt: Date): Promise<boolean> {
  const rows = await executeRows<{ product_id: string }>(
    db,
    sql`
    update product.search_documents set
      price_amount = ${amount}, regular_amount = ${regular}, discount_percent = ${discountPercent(amount, regular)},
      price_as_of = ${occurredAt.toISOString()}::timestamptz
    where product_id = ${productId}::uuid
      and (price_as_of is null or price_as_of <= ${occurredAt.toISOString()}::timestamptz)
    returning product_id`,
  );
  return rows.length > 0;
}

/**
 * Applies a `price.changed` payload (GBP only; other currencies are ignored). What is effective now is written at
 * once (a sale whose window has already ended writes the regular price); a `validFrom` in the future and the end of a
 * sale window (`validUntil`) become rows of `search_price_schedule`, applied when due by {@link applyDuePrices}. An
 * event older (occurredAt) than the price applied last is ignored, now and when its scheduled rows fall due.
 */
export async function applyPriceChanged(db: Executor, change: PriceChange, now: Date): Promise<'applied' | 'scheduled' | 'ignored'> {
  if (change.currency !== SEARCH_CURRENCY) return 'ignored';
  const ended = change.validUntil !== null && change.validUntil.getTime() <= now.getTime();
  const later: { at: Date; amount: number }[] = [];
  let applied = false;
  if (change.validFrom.getTime() <= now.getTime()) {
    applied = await setPrice(db, change.productId, ended ? change.regularAmount : change.amount, change.regularAmount, change.occurredAt);
  } else {
    later.push({ at: change.validFrom, amount: change.amount });
  }
  if (change.validUntil !== null && !ended) later.push({ at: change.validUntil, amount: change.regularAmount });
  if (later.length > 0) {
    await db.insert(searchPriceSchedule).values(
      later.map((l) => ({ productId: change.productId, at: l.at, amount: l.amount, regularAmount: change.regularAmount, occurredAt: change.occurredAt })),
    );
  }
  return applied ? 'applied' : later.length > 0 ? 'scheduled' : 'ignored';
}

/**
 * Applies every scheduled price due at `now` (the latest per product) and deletes the rows, in ONE statement (safe
 * with several replicas: each row is deleted, hence applied, once). Rows older than the price applied last are
 * dropped. Returns the number of products updated.
 */
export async function applyDuePrices(db: Executor, now: Date): Promise<number> {
  const rows = await executeRows<{ n: number }>(
    db,
    sql`
    with due as (
      delete from product.search_price_schedule where at <= ${now.toISOString()}::timestamptz returning *
    ), latest as (
      select distinct on (product_id) * from due order by product_id, at desc, occurred_at desc
    ), updated as (
      update product.search_documents d set
        price_amount = l.amount, regular_amount = l.regular_amount,
        discount_percent = case when l.regular_amount > 0 and l.amount < l.regular_amount
          then ((l.regular_amount - l.amount) * 100 / l.regular_amount)::int else 0 end,
        price_as_of = l.occurred_at
      from latest l
      where d.product_id = l.product_id and (d.price_as_of is null or d.price_as_of <= l.occurred_at)
      returning 1
    )
    select count(*)::int as n from updated`,
  );
  return rows[0]?.n ?? 0;
}

/** Applies a `stock.changed` payload unless a newer stock event was applied already. Returns true when a row changed. */
export async function applyStockChanged(
  db: Executor,
  change: { productId: string; quantityAvailable: number; occurredAt: Date },
): Promise<boolean> {
  const rows = await executeRows<{ product_id: string }>(
    db,
    sql`
    update product.search_documents set
      quantity = ${change.quantityAvailable}, in_stock = ${change.quantityAvailable > 0},
      stock_as_of = ${change.occurredAt.toISOString()}::timestamptz
    where product_id = ${change.productId}::uuid
      and (stock_as_of is null or stock_as_of <= ${change.occurredAt.toISOString()}::timestamptz)
    returning product_id`,
  );
  return rows.length > 0;
}
