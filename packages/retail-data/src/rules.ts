/**
 * Stock codes (upper case) that are not merchandise, found by inspecting the data: postage and carriage,
 * fees and charges, discounts, manual entries, samples, bad-debt adjustments, gift vouchers and an image
 * licence. Codes starting with 'GIFT_' (Dotcomgiftshop vouchers) are matched by NON_PRODUCT_PREFIXES.
 */
export const NON_PRODUCT_CODES: Readonly<Record<string, string>> = {
  POST: 'POSTAGE',
  DOT: 'DOTCOM POSTAGE',
  C2: 'CARRIAGE',
  '23444': 'Next Day Carriage',
  M: 'Manual',
  D: 'Discount',
  S: 'SAMPLES',
  B: 'Adjust bad debt',
  'BANK CHARGES': 'Bank Charges',
  AMAZONFEE: 'AMAZON FEE',
  CRUK: 'CRUK Commission',
  '23574': 'PACKING CHARGE',
  '23702': 'High Resolution Image',
  '22016': 'Dotcomgiftshop Gift Voucher £100.00',
};

/** Prefixes (upper case) of non-merchandise codes. */
export const NON_PRODUCT_PREFIXES: readonly string[] = ['GIFT_'];

/** Whether an upper-cased stock code is not merchandise. */
export function isNonProductCode(sku: string): boolean {
  return Object.hasOwn(NON_PRODUCT_CODES, sku) || NON_PRODUCT_PREFIXES.some((p) => sku.startsWith(p));
}

/**
 * Drop reasons, in the order they are tested: each dropped row is counted under the first that applies.
 * Cancellation rows (C…) are tested against malformed, adjustment-invoice, non-product and
 * cancellation-not-negative only; sale rows against everything but cancellation-not-negative.
 * `codeWithoutSale` is applied after reading: cancellations of codes that never had a valid sale.
 */
export const DROP_REASONS = {
  malformed: 'malformed row (column count, number or date)',
  adjustmentInvoice: "adjustment invoice (InvoiceNo 'A…': bad-debt write-off)",
  nonProduct: 'non-product stock code (postage, fees, discounts, manual, vouchers)',
  cancellationNotNegative: 'cancellation with quantity >= 0',
  emptyDescription: 'empty description',
  quantityNotPositive: 'quantity <= 0 outside cancellations (stock write-off)',
  manualAdjustment: 'manual stock adjustment (price 0, no customer)',
  priceNotPositive: 'unit price <= 0 (free item to a customer)',
  priceRoundsToZero: 'unit price rounds to 0 pence',
  codeWithoutSale: 'cancellation of a stock code with no valid sale',
} as const;

/** Key of DROP_REASONS. */
export type DropReasonKey = keyof typeof DROP_REASONS;

/** A parsed source row. */
export interface SourceRow {
  invoiceNo: string;
  /** Upper-cased StockCode. */
  sku: string;
  description: string;
  quantity: number;
  /** Whole pence, rounded half-up. */
  priceMinor: number;
  /** Sign of the exact source price (0.001 has sign 1 but rounds to 0 pence). */
  priceSign: -1 | 0 | 1;
  /** Epoch ms, source clock read as UTC (not shifted). */
  ts: number;
  customerId: string | null;
  country: string;
}

const DIGITS = /^\d+$/;

/** Whether an invoice number marks a cancellation. */
export function isCancellation(invoiceNo: string): boolean {
  return invoiceNo.charCodeAt(0) === 67 /* C */ && DIGITS.test(invoiceNo.slice(1));
}


/**
 * The drop reason of a parsed row, or null when it is kept (a valid sale line or a cancellation).
 * Description is compared after trimming.
 */
export function dropReasonFor(row: SourceRow): DropReasonKey | null {
  const cancellation = isCancellation(row.invoiceNo);
  if (!cancellation && !DIGITS.test(row.invoiceNo)) return 'adjustmentInvoice';
  if (isNonProductCode(row.sku)) return 'nonProduct';
  if (cancellation) return row.quantity < 0 ? null : 'cancellationNotNegative';
  if (row.description.trim() === '') return 'emptyDescription';
  if (row.quantity <= 0) return 'quantityNotPositive';
  if (row.priceSign === 0 && row.customerId === null) return 'manualAdjustment';
  if (row.priceSign <= 0) return 'priceNotPositive';
  if (row.priceMinor < 1) return 'priceRoundsToZero';
  return null;
}
