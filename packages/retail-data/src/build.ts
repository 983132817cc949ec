import type { RetailAccumulator } from './aggregate.ts';
import { countryCodeFor } from './countries.ts';
import { orderIdForInvoice, productIdForSku, userIdForCustomer } from './ids.ts';
import { DAY_MS } from './parse.ts';
import { buildProducts, modeOf } from './products.ts';
import { DROP_REASONS } from './rules.ts';
import type { DropReasonKey } from './rules.ts';
import type {
  DropReport, RetailCancellation, RetailCustomer, RetailDataset, RetailInvoice,
} from './types.ts';

/**
 * Whole days that move the last source timestamp onto `now`'s UTC day (time of day kept).
 * 0 when nothing was read.
 */
export function shiftFor(maxSourceTs: number, now: Date): number {
  if (!Number.isFinite(maxSourceTs)) return 0;
  return (Math.floor(now.getTime() / DAY_MS) - Math.floor(maxSourceTs / DAY_MS)) * DAY_MS;
}

function buildInvoices(acc: RetailAccumulator, shiftMs: number): RetailInvoice[] {
  const userIds = new Map<string, string>();
  const out: RetailInvoice[] = [];
  for (const inv of acc.invoices.values()) {
    let userId: string | null = null;
    if (inv.customerId !== null) {
      userId = userIds.get(inv.customerId) ?? userIdForCustomer(inv.customerId);
      userIds.set(inv.customerId, userId);
    }
    out.push({
      id: orderIdForInvoice(inv.invoiceNo),
      invoiceNo: inv.invoiceNo,
      customerId: inv.customerId,
      userId,
      country: inv.country,
      countryCode: countryCodeFor(inv.country),
      invoicedAt: new Date(inv.ts + shiftMs),
      lines: inv.lines.map((l) => ({ productId: '', sku: l.sku, quantity: l.quantity, unitPriceMinor: l.unitPriceMinor })),
    });
  }
  return out;
}

/** Customers with at least one kept sale invoice; country = most invoices (ties -> name order). */
function buildCustomers(acc: RetailAccumulator, shiftMs: number): RetailCustomer[] {
  const byCustomer = new Map<string, { countries: Map<string, number>; firstTs: number }>();
  for (const inv of acc.invoices.values()) {
    if (inv.customerId === null) continue;
    const c = byCustomer.get(inv.customerId) ?? { countries: new Map<string, number>(), firstTs: inv.ts };
    c.countries.set(inv.country, (c.countries.get(inv.country) ?? 0) + 1);
    if (inv.ts < c.firstTs) c.firstTs = inv.ts;
    byCustomer.set(inv.customerId, c);
  }
  return [...byCustomer.keys()].sort().map((customerId) => {
    const c = byCustomer.get(customerId) as { countries: Map<string, number>; firstTs: number };
    const country = modeOf(c.countries);
    return {
      id: userIdForCustomer(customerId),
      customerId,
      country,
      countryCode: countryCodeFor(country),
      firstOrderAt: new Date(c.firstTs + shiftMs),
    };
  });
}

function buildCancellations(acc: RetailAccumulator, productSkus: ReadonlySet<string>, shiftMs: number): RetailCancellation[] {
  const kept: RetailCancellation[] = [];
  for (const c of acc.cancellations) {
    if (productSkus.has(c.sku)) {
      kept.push({ invoiceNo: c.invoiceNo, customerId: c.customerId, sku: c.sku, quantity: c.quantity, at: new Date(c.ts + shiftMs) });
    } else {
      acc.drop('codeWithoutSale', `${c.invoiceNo} ${c.sku} qty -${c.quantity}`, c.sku);
    }
  }
  // Codes seen only on dropped rows also end without a product; count them (no further rows to drop).
  const codes = acc.drops.get('codeWithoutSale');
  if (codes) for (const sku of acc.merchandiseCodes) if (!productSkus.has(sku)) codes.codes.add(sku);
  return kept;
}

function dropReports(acc: RetailAccumulator): DropReport[] {
  return (Object.keys(DROP_REASONS) as DropReasonKey[]).map((key) => {
    const d = acc.drops.get(key) ?? { rows: 0, examples: [], codes: new Set<string>() };
    return { reason: DROP_REASONS[key], rows: d.rows, examples: [...d.examples], codes: d.codes.size };
  });
}

/** Turns a filled accumulator into the dataset (ids attached, timestamps shifted). */
export function buildDataset(acc: RetailAccumulator, now: Date, sourceFile: string): RetailDataset {
  const shiftMs = shiftFor(acc.maxTs, now);
  const products = buildProducts(acc.skus, acc.invoices.values(), shiftMs);
  const productIds = new Map(products.map((p) => [p.sku, p.id]));
  const invoices = buildInvoices(acc, shiftMs);
  for (const inv of invoices) {
    for (const line of inv.lines) line.productId = productIds.get(line.sku) ?? productIdForSku(line.sku);
  }
  const cancellations = buildCancellations(acc, new Set(productIds.keys()), shiftMs);
  return {
    products,
    customers: buildCustomers(acc, shiftMs),
    invoices,
    cancellations,
    dropped: dropReports(acc),
    shiftMs,
    sourceRows: acc.rows,
    sourceFile,
    raw: {
      rows: acc.rows,
      invoices: acc.rawInvoices.size,
      stockCodes: acc.rawStockCodes.size,
      customers: acc.rawCustomers.size,
      countries: acc.rawCountries.size,
    },
  };
}
