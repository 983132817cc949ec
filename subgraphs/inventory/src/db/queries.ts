import { and, asc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { executeRows, type Database, type Transaction } from '@emporium/kit';
import type * as schema from './schema.ts';
import { leadTimes, stock, warehouses } from './schema.ts';

type Db = Database<typeof schema> | Transaction<typeof schema>;

const INT_MAX = 2_147_483_647;

/** Units available per product: Σ over warehouses of on_hand − reserved − committed. */
export interface AvailableRow {
  productId: string;
  quantityAvailable: number;
}

/**
 * Available units of the given products summed over every warehouse — one statement for any number of ids.
 * Products without a stock row are absent from the result. (What `stock.changed` events report.)
 */
export async function availableByProduct(db: Db, productIds: readonly string[]): Promise<AvailableRow[]> {
  if (productIds.length === 0) return [];
  return db
    .select({
      productId: stock.productId,
      quantityAvailable: sql<number>`sum(greatest(${stock.onHand} - ${stock.reserved} - ${stock.committed}, 0))`.mapWith(Number),
    })
    .from(stock)
    .where(inArray(stock.productId, [...productIds]))
    .groupBy(stock.productId);
}

/** A (product, destination country) pair availability is asked for. */
export interface AvailabilityKey {
  productId: string;
  country: string;
}

/** Availability of a product for a country: units in the warehouses that ship there, and the quickest lead time. */
export interface CountryAvailabilityRow extends AvailabilityKey {
  quantityAvailable: number;
  /** Lead time of the warehouse with the smallest max_days (then min_days) that has ≥ 1 unit; null when none. */
  minDays: number | null;
  maxDays: number | null;
}

/**
 * The lead time that applies from warehouse `s` to country `c`: its row for the country, else its `*` row. A lateral
 * subquery over `lead_times` for `(warehouse code, country)` SQL expressions.
 */
function leadTimeLateral(warehouseCode: SQL, country: SQL): SQL {
  return sql`lateral (
    select l.min_days, l.max_days from inventory.lead_times l
    where l.warehouse_code = ${warehouseCode} and (l.country = ${country} or l.country = '*')
    order by (l.country = '*') limit 1
  )`;
}

/**
 * Availability of the given (product, country) pairs — ONE statement for any number of keys (the cross product of
 * the ids and countries is read; callers match rows to keys). Only warehouses with a lead time to the country count.
 * Pairs without an eligible stock row are absent.
 */
export async function availabilityFor(db: Db, keys: readonly AvailabilityKey[]): Promise<CountryAvailabilityRow[]> {
  if (keys.length === 0) return [];
  const ids = [...new Set(keys.map((k) => k.productId))];
  const countries = [...new Set(keys.map((k) => k.country))];
  const avail = sql`(s.on_hand - s.reserved - s.committed)`;
  const rows = await executeRows<{ product_id: string; country: string; quantity: number; min_days: number | null; max_days: number | null }>(
    db,
    sql`select s.product_id::text as product_id, c.country,
      least(sum(greatest(${avail}, 0)), ${INT_MAX})::int as quantity,
      ((array_agg(lt.min_days order by lt.max_days, lt.min_days) filter (where ${avail} > 0))[1])::int as min_days,
      ((array_agg(lt.max_days order by lt.max_days, lt.min_days) filter (where ${avail} > 0))[1])::int as max_days
    from inventory.stock s
    cross join (values ${sql.join(countries.map((c) => sql`(${c}::text)`), sql`, `)}) as c(country)
    join ${leadTimeLateral(sql`s.warehouse_code`, sql`c.country`)} lt on true
    where s.product_id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})
    group by s.product_id, c.country`,
  );
  return rows.map((r) => ({
    productId: r.product_id,
    country: r.country,
    quantityAvailable: Number(r.quantity),
    minDays: r.min_days === null ? null : Number(r.min_days),
    maxDays: r.max_days === null ? null : Number(r.max_days),
  }));
}

/** Every warehouse (or those located in `country`), by code. */
export function listWarehouses(db: Db, country?: string) {
  return db
    .select()
    .from(warehouses)
    .where(country ? eq(warehouses.country, country) : undefined)
    .orderBy(asc(warehouses.code));
}

/** Lead-time rows of the given warehouses (one statement), by warehouse then country (`*` last). */
export function leadTimesOf(db: Db, codes: readonly string[]) {
  if (codes.length === 0) return Promise.resolve([]);
  return db
    .select()
    .from(leadTimes)
    .where(inArray(leadTimes.warehouseCode, [...codes]))
    .orderBy(asc(leadTimes.warehouseCode), sql`${leadTimes.country} = '*'`, asc(leadTimes.country));
}

/** The codes among `codes` that name an existing warehouse. */
export async function existingWarehouseCodes(db: Db, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.select({ code: warehouses.code }).from(warehouses).where(inArray(warehouses.code, [...codes]));
  return new Set(rows.map((r) => r.code));
}

/**
 * Stock rows of the given products in the given warehouses, locked for update until the transaction ends. Rows are
 * locked in (product, warehouse) order — the order every writer of `stock` uses, so writers never deadlock.
 */
export function lockStockRows(tx: Transaction<typeof schema>, productIds: readonly string[], codes: readonly string[]) {
  return tx
    .select()
    .from(stock)
    .where(and(inArray(stock.productId, [...productIds]), inArray(stock.warehouseCode, [...codes])))
    .orderBy(asc(stock.productId), asc(stock.warehouseCode))
    .for('update');
}

/** What one reservation attempt for a line found: the warehouse it reserved in, or whether any warehouse qualified. */
export interface ReserveAttempt {
  /** The warehouse the units were reserved in; null when nothing was reserved. */
  warehouseCode: string | null;
  /** True when a warehouse had enough in this statement's snapshot (so a null warehouse means a lost race: retry). */
  candidate: boolean;
}

/**
 * Reserves `quantity` units of a product in ONE warehouse with a single conditional UPDATE: the warehouse is the
 * quickest to `country` (any warehouse without a country) that has enough available, then the one with most
 * available; the UPDATE re-checks `on_hand − reserved − committed ≥ quantity` on the row it locks, so concurrent
 * reservations can never take more than is there. One statement.
 */
export async function reserveInOneWarehouse(
  tx: Transaction<typeof schema>,
  line: { productId: string; quantity: number },
  country: string | null,
  now: Date,
): Promise<ReserveAttempt> {
  const avail = (t: string) => sql.raw(`(${t}.on_hand - ${t}.reserved - ${t}.committed)`);
  const q = sql`${line.quantity}::int`;
  const pick = country
    ? sql`select st.warehouse_code from inventory.stock st join ${leadTimeLateral(sql`st.warehouse_code`, sql`${country}::text`)} lt on true
        where st.product_id = ${line.productId}::uuid and ${avail('st')} >= ${q}
        order by lt.max_days, lt.min_days, ${avail('st')} desc, st.warehouse_code limit 1`
    : sql`select st.warehouse_code from inventory.stock st
        where st.product_id = ${line.productId}::uuid and ${avail('st')} >= ${q}
        order by ${avail('st')} desc, st.warehouse_code limit 1`;
  const rows = await executeRows<{ warehouse_code: string | null; candidates: number }>(
    tx,
    sql`with pick as (${pick}),
      taken as (
        update inventory.stock s set reserved = s.reserved + ${q}, updated_at = ${now.toISOString()}::timestamptz
        from pick
        where s.product_id = ${line.productId}::uuid and s.warehouse_code = pick.warehouse_code and ${avail('s')} >= ${q}
        returning s.warehouse_code
      )
      select (select warehouse_code from taken) as warehouse_code, (select count(*) from pick)::int as candidates`,
  );
  const row = rows[0];
  return { warehouseCode: row?.warehouse_code ?? null, candidate: Number(row?.candidates ?? 0) > 0 };
}

/**
 * The most units ONE warehouse (shipping to `country`, when given) can supply now, per product — what a shortage
 * reports. One statement.
 */
export async function maxWarehouseAvailable(db: Db, productIds: readonly string[], country: string | null): Promise<Map<string, number>> {
  if (productIds.length === 0) return new Map();
  const ids = sql.join(productIds.map((id) => sql`${id}::uuid`), sql`, `);
  const rows = await executeRows<{ product_id: string; q: number }>(
    db,
    country
      ? sql`select s.product_id::text as product_id, max(greatest(s.on_hand - s.reserved - s.committed, 0))::int as q
          from inventory.stock s join ${leadTimeLateral(sql`s.warehouse_code`, sql`${country}::text`)} lt on true
          where s.product_id in (${ids}) group by s.product_id`
      : sql`select s.product_id::text as product_id, max(greatest(s.on_hand - s.reserved - s.committed, 0))::int as q
          from inventory.stock s where s.product_id in (${ids}) group by s.product_id`,
  );
  return new Map(rows.map((r) => [r.product_id, Number(r.q)]));
}
