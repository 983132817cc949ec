import { sql } from 'drizzle-orm';
import type { RetailDataset } from '@emporium/retail-data';
import { dropForeignKeys, restoreForeignKeys } from './db/bulk.ts';
import { upsertCatalog } from './catalog.ts';
import { catalogProducts, orderLines, orders } from './db/schema.ts';
import type { OrderRuntime } from './runtime.ts';

/** Orders per batch; their lines (~25 per order on the demo data) go in the same batch as one JSON document. */
const BATCH = 2_000;
const LINES_TABLE = '"order"."order_lines"';
/** Thrown inside the seed transaction to roll it back when another process seeded first. */
class AlreadySeeded extends Error {}

/** The status of every historic (seeded) order: the demo sales happened years ago, so they are delivered. */
export const HISTORIC_STATUS = 'DELIVERED';
/** The currency of the demo data (a UK retailer; unit prices are GBP pence). */
export const DEMO_CURRENCY = 'GBP';

/** True when orders exist (the seed then does nothing; the start command seeds only empty databases). */
export async function hasOrders(rt: OrderRuntime): Promise<boolean> {
  const rows = await rt.db.db.select({ id: orders.id }).from(orders).limit(1);
  return rows.length > 0;
}

/** True when the demo orders and the catalog copy are both in place (the start command seeds otherwise). */
export async function isOrderSeeded(rt: OrderRuntime): Promise<boolean> {
  if (!(await hasOrders(rt))) return false;
  const rows = await rt.db.db.select({ id: catalogProducts.productId }).from(catalogProducts).limit(1);
  return rows.length > 0;
}

/** The catalog copy (category path and brand per product, for promo-code rules), idempotently. */
export async function seedCatalogCopy(rt: OrderRuntime, data: Pick<RetailDataset, 'products'>): Promise<number> {
  const now = rt.clock.now();
  await upsertCatalog(
    rt.db.db,
    data.products.map((p) => ({ productId: p.id, category: p.categoryPath.join(' > ') || null, brand: p.brand, updatedAt: now })),
  );
  return data.products.length;
}

type Invoice = RetailDataset['invoices'][number];

/** Σ quantity × unit price of an invoice in minor units; throws beyond Number.MAX_SAFE_INTEGER. */
export function invoiceTotal(invoice: Pick<Invoice, 'id' | 'lines'>): number {
  let total = 0;
  for (const l of invoice.lines) total += l.quantity * l.unitPriceMinor;
  if (!Number.isSafeInteger(total)) throw new Error(`invoice ${invoice.id}: total ${total} is not a safe integer`);
  return total;
}

/**
 * Loads the demo order history (rules in README.md): one order per invoice (id = invoice id, user = the invoice's
 * user, customer_ref = CustomerID, country = ISO code, currency GBP, total = Σ quantity × unit price, status
 * 'delivered', placed_at = invoice time) and its lines numbered from 1. Each batch of {@link BATCH} orders is two
 * statements (`insert … select from json_to_recordset($1)`: one bind parameter however many rows), all batches in ONE
 * transaction, so a failed seed leaves nothing behind; the lines' foreign key is dropped for the load and re-added
 * (validated) before commit. Skipped entirely when orders already exist, also when another process seeded meanwhile.
 */
export async function seedOrders(
  rt: OrderRuntime,
  data: Pick<RetailDataset, 'invoices'> & Partial<Pick<RetailDataset, 'products'>>,
  progress: (done: number, total: number) => void = () => {},
): Promise<{ orders: number; lines: number; skipped: boolean }> {
  if (data.products) await seedCatalogCopy(rt, { products: data.products });
  const total = data.invoices.length;
  if (await hasOrders(rt)) {
    progress(total, total);
    return { orders: 0, lines: 0, skipped: true };
  }
  let lineCount = 0;
  try {
    await rt.db.db.transaction(async (tx) => {
      const foreignKeys = await dropForeignKeys(tx, LINES_TABLE);
      // The ALTER holds the lines table until commit: a concurrent seed waits above, then finds the orders here.
      if ((await tx.select({ id: orders.id }).from(orders).limit(1)).length > 0) throw new AlreadySeeded();
      for (let i = 0; i < total; i += BATCH) {
        const batch = data.invoices.slice(i, i + BATCH);
        const orderRows = batch.map((inv) => ({
          id: inv.id,
          number: inv.invoiceNo,
          user_id: inv.userId,
          customer_ref: inv.customerId,
          country: inv.countryCode,
          total_amount: invoiceTotal(inv),
          placed_at: inv.invoicedAt.toISOString(),
        }));
        const lineRows = batch.flatMap((inv) =>
          inv.lines.map((l, n) => ({ order_id: inv.id, line_no: n + 1, product_id: l.productId, quantity: l.quantity, unit_amount: l.unitPriceMinor })),
        );
        await tx.execute(sql`
          insert into ${orders} (id, number, user_id, customer_ref, country, currency, subtotal_amount, total_amount, status, placed_at)
          select id, number, user_id, customer_ref, country, ${DEMO_CURRENCY}, total_amount, total_amount, ${HISTORIC_STATUS}, placed_at
            from json_to_recordset(${JSON.stringify(orderRows)}::text::json)
              as r(id uuid, number text, user_id uuid, customer_ref text, country text, total_amount bigint, placed_at timestamptz)`);
        if (lineRows.length > 0) {
          await tx.execute(sql`
            insert into ${orderLines} (order_id, line_no, product_id, quantity, unit_amount)
            select order_id, line_no, product_id, quantity, unit_amount
              from json_to_recordset(${JSON.stringify(lineRows)}::text::json)
                as r(order_id uuid, line_no int, product_id uuid, quantity int, unit_amount bigint)`);
        }
        lineCount += lineRows.length;
        progress(i + batch.length, total);
      }
      await restoreForeignKeys(tx, LINES_TABLE, foreignKeys);
    });
  } catch (err) {
    if (!(err instanceof AlreadySeeded)) throw err;
    progress(total, total);
    return { orders: 0, lines: 0, skipped: true };
  }
  return { orders: total, lines: lineCount, skipped: false };
}
