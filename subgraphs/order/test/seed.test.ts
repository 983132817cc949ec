import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, sql } from 'drizzle-orm';
import { executeRows } from '@emporium/kit';
import { openTestRuntime } from '@emporium/kit/testing';
import type { RetailDataset } from '@emporium/retail-data';
import { orderLines, orders } from '../src/db/schema.ts';
import { migrationsFolder, schema, type OrderRuntime } from '../src/runtime.ts';
import { hasOrders, invoiceTotal, seedOrders } from '../src/seed.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const P = [id(101), id(102), id(103)] as const;

/** Three invoices; one without a customer, one with a name that needs CSV quoting in its reference. */
const invoices: RetailDataset['invoices'] = [
  {
    id: id(1), invoiceNo: '536365', customerId: '17850', userId: id(501), country: 'United Kingdom', countryCode: 'GB',
    invoicedAt: new Date('2010-12-01T08:26:00Z'),
    lines: [
      { productId: P[0], sku: '85123A', quantity: 6, unitPriceMinor: 255 },
      { productId: P[1], sku: '71053', quantity: 6, unitPriceMinor: 339 },
    ],
  },
  {
    id: id(2), invoiceNo: '536366', customerId: null, userId: null, country: 'Unspecified', countryCode: null,
    invoicedAt: new Date('2010-12-01T08:28:00Z'),
    lines: [{ productId: P[2], sku: '22633', quantity: 12, unitPriceMinor: 185 }],
  },
  {
    id: id(3), invoiceNo: '536367', customerId: '13047, "x"', userId: id(502), country: 'France', countryCode: 'FR',
    invoicedAt: new Date('2010-12-01T08:34:00Z'),
    lines: [
      { productId: P[0], sku: '85123A', quantity: 1, unitPriceMinor: 255 },
      { productId: P[1], sku: '71053', quantity: 2, unitPriceMinor: 339 },
      { productId: P[2], sku: '22633', quantity: 3_000, unitPriceMinor: 185 },
    ],
  },
];

let rt: OrderRuntime;

/** The foreign keys of order_lines as Postgres has them (the seed drops and re-adds them). */
async function lineForeignKeys(): Promise<string[]> {
  const rows = await executeRows<{ def: string }>(
    rt.db.db,
    sql`select pg_get_constraintdef(oid) as def from pg_constraint where conrelid = '"order"."order_lines"'::regclass and contype = 'f'`,
  );
  return rows.map((r) => r.def);
}
const FK = ['FOREIGN KEY (order_id) REFERENCES "order".orders(id) ON DELETE CASCADE'];
beforeAll(async () => {
  rt = await openTestRuntime({ name: 'order', schema, migrationsFolder });
});
afterAll(async () => {
  await rt?.close();
});

describe('seedOrders', () => {
  it('loads all or nothing', async () => {
    // The orders insert succeeds, then the lines insert fails on a product id that is no UUID: all is rolled back.
    const broken = { ...invoices[1]!, lines: [{ productId: 'not-a-uuid', sku: 'X', quantity: 1, unitPriceMinor: 1 }] };
    await expect(seedOrders(rt, { invoices: [invoices[0]!, broken] })).rejects.toThrow();
    expect(await rt.db.db.$count(orders)).toBe(0);
    expect(await rt.db.db.$count(orderLines)).toBe(0);
    expect(await lineForeignKeys()).toEqual(FK);
  });

  it('loads one order per invoice with its lines, by the documented rules', async () => {
    expect(await hasOrders(rt)).toBe(false);
    const seen: [number, number][] = [];
    // Two seeds at once (two replicas starting): exactly one loads, the other finds its orders and skips.
    const results = await Promise.all([seedOrders(rt, { invoices }, (d, t) => seen.push([d, t])), seedOrders(rt, { invoices })]);
    expect(results).toContainEqual({ orders: 3, lines: 6, skipped: false });
    expect(results).toContainEqual({ orders: 0, lines: 0, skipped: true });
    expect(seen.at(-1)).toEqual([3, 3]);
    expect(await lineForeignKeys()).toEqual(FK);
    const rows = await rt.db.db
      .select({ id: orders.id, number: orders.number, userId: orders.userId, customerRef: orders.customerRef, country: orders.country, currency: orders.currency, subtotalAmount: orders.subtotalAmount, totalAmount: orders.totalAmount, status: orders.status, placedAt: orders.placedAt })
      .from(orders)
      .orderBy(asc(orders.placedAt));
    const row = (n: number, number: string, userId: string | null, customerRef: string | null, country: string | null, total: number, placedAt: string) =>
      ({ id: id(n), number, userId, customerRef, country, currency: 'GBP', subtotalAmount: total, totalAmount: total, status: 'DELIVERED', placedAt: new Date(placedAt) });
    expect(rows).toEqual([
      row(1, invoices[0]!.invoiceNo, id(501), '17850', 'GB', 6 * 255 + 6 * 339, '2010-12-01T08:26:00Z'),
      row(2, invoices[1]!.invoiceNo, null, null, null, 12 * 185, '2010-12-01T08:28:00Z'),
      row(3, invoices[2]!.invoiceNo, id(502), '13047, "x"', 'FR', 255 + 678 + 555_000, '2010-12-01T08:34:00Z'),
    ]);
    const lines = await rt.db.db.select().from(orderLines).orderBy(asc(orderLines.orderId), asc(orderLines.lineNo));
    expect(lines.map((l) => [l.orderId, l.lineNo, l.productId, l.quantity, l.unitAmount])).toEqual([
      [id(1), 1, P[0], 6, 255],
      [id(1), 2, P[1], 6, 339],
      [id(2), 1, P[2], 12, 185],
      [id(3), 1, P[0], 1, 255],
      [id(3), 2, P[1], 2, 339],
      [id(3), 3, P[2], 3000, 185],
    ]);
    for (const inv of invoices) {
      const sum = lines.filter((l) => l.orderId === inv.id).reduce((s, l) => s + l.quantity * l.unitAmount, 0);
      expect(rows.find((o) => o.id === inv.id)?.totalAmount).toBe(sum);
    }
  });

  it('skips when orders already exist', async () => {
    expect(await hasOrders(rt)).toBe(true);
    expect(await seedOrders(rt, { invoices: [{ ...invoices[0]!, id: id(4) }] })).toEqual({ orders: 0, lines: 0, skipped: true });
    expect(await rt.db.db.$count(orders)).toBe(3);
  });

  it('rejects a total beyond the safe integer range', () => {
    const huge = { id: id(9), lines: [{ productId: P[0], sku: 'X', quantity: 2, unitPriceMinor: Number.MAX_SAFE_INTEGER }] };
    expect(() => invoiceTotal(huge)).toThrow(/safe integer/);
    expect(invoiceTotal(invoices[2]!)).toBe(555_933);
  });
});
