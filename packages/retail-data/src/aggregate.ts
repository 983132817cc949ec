import { parsePrice, parseQuantity, parseTimestamp } from './parse.ts';
import { DROP_REASONS, dropReasonFor, isCancellation } from './rules.ts';
import type { DropReasonKey, SourceRow } from './rules.ts';
import { normalizeDescription } from './text.ts';

/** The CSV header the loader expects. */
export const EXPECTED_HEADER = [
  'InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country',
] as const;

/** Running statistics of one stock code over its valid sale lines. */
export interface SkuStats {
  /** Description as in the data -> lines (normalised when the products are built). */
  descCounts: Map<string, number>;
  units: number;
  firstTs: number;
  lastTs: number;
}

/** A kept sale line before ids are attached. */
export interface LineAcc {
  sku: string;
  quantity: number;
  unitPriceMinor: number;
}

/** A sale invoice being collected. */
export interface InvoiceAcc {
  invoiceNo: string;
  customerId: string | null;
  country: string;
  /** Earliest source timestamp among its kept lines. */
  ts: number;
  lines: LineAcc[];
}

/** A cancellation row waiting for the product check. */
export interface CancellationAcc {
  invoiceNo: string;
  customerId: string | null;
  sku: string;
  quantity: number;
  ts: number;
}

/** Rows dropped for one reason. */
export interface DropAcc {
  rows: number;
  examples: string[];
  codes: Set<string>;
}

const MAX_EXAMPLES = 3;

/** Folds CSV records into per-code statistics, invoices and drop counts without keeping raw rows. */
export class RetailAccumulator {
  rows = 0;
  maxTs = Number.NEGATIVE_INFINITY;
  readonly rawInvoices = new Set<string>();
  readonly rawStockCodes = new Set<string>();
  readonly rawCustomers = new Set<string>();
  readonly rawCountries = new Set<string>();
  readonly skus = new Map<string, SkuStats>();
  readonly invoices = new Map<string, InvoiceAcc>();
  readonly cancellations: CancellationAcc[] = [];
  /** Merchandise codes seen on any row (not malformed, adjustment or non-product). */
  readonly merchandiseCodes = new Set<string>();
  readonly drops = new Map<DropReasonKey, DropAcc>(
    (Object.keys(DROP_REASONS) as DropReasonKey[]).map((k) => [k, { rows: 0, examples: [], codes: new Set() }]),
  );

  private lastInvoice: InvoiceAcc | undefined;
  private readonly last = { invoiceNo: '', customer: '', country: '', date: '', ts: null as number | null };

  /** Records one dropped row. */
  drop(reason: DropReasonKey, example: string, code: string | null, rows = 1): void {
    const acc = this.drops.get(reason);
    if (!acc) throw new Error(`unknown drop reason ${reason}`);
    acc.rows += rows;
    if (acc.examples.length < MAX_EXAMPLES) acc.examples.push(example);
    if (code !== null) acc.codes.add(code);
  }

  /** Consumes one data record (the CSV fields of one row). */
  add(rec: readonly string[]): void {
    this.rows++;
    const [invoiceNo = '', stockCode = '', description = '', qty = '', date = '', price = '', customer = '', country = '']
      = rec;
    // Consecutive rows mostly share invoice, date, customer and country: skip repeated set/parse work.
    if (invoiceNo !== this.last.invoiceNo) this.rawInvoices.add(invoiceNo);
    this.rawStockCodes.add(stockCode);
    if (customer !== '' && customer !== this.last.customer) this.rawCustomers.add(customer);
    if (country !== this.last.country) this.rawCountries.add(country);
    if (date !== this.last.date) this.last.ts = parseTimestamp(date);
    this.last.invoiceNo = invoiceNo;
    this.last.customer = customer;
    this.last.country = country;
    this.last.date = date;

    const quantity = parseQuantity(qty);
    const parsedPrice = parsePrice(price);
    const ts = this.last.ts;
    if (rec.length !== EXPECTED_HEADER.length || quantity === null || parsedPrice === null || ts === null
      || invoiceNo.trim() === '' || stockCode.trim() === '') {
      this.drop('malformed', `row ${this.rows}: ${rec.join(',').slice(0, 80)}`, null);
      return;
    }
    if (ts > this.maxTs) this.maxTs = ts;
    const row: SourceRow = {
      invoiceNo: invoiceNo.trim().toUpperCase(),
      sku: stockCode.trim().toUpperCase(),
      description,
      quantity,
      priceMinor: parsedPrice.minor,
      priceSign: parsedPrice.sign,
      ts,
      customerId: customer.trim().replace(/\.0+$/, '') || null,
      country: country.trim(),
    };
    const reason = dropReasonFor(row);
    if (reason !== 'adjustmentInvoice' && reason !== 'nonProduct') this.merchandiseCodes.add(row.sku);
    if (reason !== null) {
      const shown = normalizeDescription(description).slice(0, 40);
      this.drop(reason, `${invoiceNo} ${stockCode} "${shown}" qty ${qty} @ ${price}`, row.sku);
    } else if (isCancellation(row.invoiceNo)) {
      this.cancellations.push({
        invoiceNo: row.invoiceNo, customerId: row.customerId, sku: row.sku, quantity: -row.quantity, ts,
      });
    } else {
      this.addSale(row);
    }
  }

  private addSale(row: SourceRow): void {
    let stats = this.skus.get(row.sku);
    if (!stats) {
      stats = { descCounts: new Map(), units: 0, firstTs: row.ts, lastTs: row.ts };
      this.skus.set(row.sku, stats);
    }
    stats.descCounts.set(row.description, (stats.descCounts.get(row.description) ?? 0) + 1);
    stats.units += row.quantity;
    if (row.ts < stats.firstTs) stats.firstTs = row.ts;
    if (row.ts > stats.lastTs) stats.lastTs = row.ts;

    let invoice = this.lastInvoice?.invoiceNo === row.invoiceNo ? this.lastInvoice : this.invoices.get(row.invoiceNo);
    if (!invoice) {
      invoice = { invoiceNo: row.invoiceNo, customerId: row.customerId, country: row.country, ts: row.ts, lines: [] };
      this.invoices.set(row.invoiceNo, invoice);
    }
    this.lastInvoice = invoice;
    if (row.ts < invoice.ts) invoice.ts = row.ts;
    invoice.lines.push({ sku: row.sku, quantity: row.quantity, unitPriceMinor: row.priceMinor });
  }
}
