/** A catalogue product derived from one stock code (upper-cased) with at least one valid sale line. */
export interface RetailProduct {
  id: string;
  /** StockCode as in the data, upper case. */
  sku: string;
  /** Unique: title slug + '-' + sku lower case. */
  slug: string;
  /** Most frequent description of the code, title-cased. */
  title: string;
  /** Derived sentence(s) stating only facts from the data and the rules (range, category, sales). */
  description: string;
  /** Two-level category path from the ordered keyword rules. */
  categoryPath: string[];
  /** Product range named in the description, else the house brand. */
  brand: string;
  /** Derived keywords: colours, materials, themes. */
  tags: string[];
  /** GBP pence: modal unit price over valid sale lines, ties -> lower. */
  unitPriceMinor: number;
  /** Per day the modal price that day; a point is kept only when it differs from the previous one. */
  priceHistory: { date: string; unitPriceMinor: number }[];
  /** Derived stock level (see stock.ts). */
  quantityOnHand: number;
  unitsSold: number;
  firstSoldAt: Date;
  lastSoldAt: Date;
  /** Names of the fields that come from rules rather than from the data. */
  derived: string[];
}

/** A customer with at least one kept sale invoice. */
export interface RetailCustomer {
  id: string;
  customerId: string;
  /** Country name as in the data (the one on most of the customer's invoices). */
  country: string;
  /** ISO 3166-1 alpha-2, null for 'European Community' and 'Unspecified'. */
  countryCode: string | null;
  firstOrderAt: Date;
}

/** One kept sale line. */
export interface RetailInvoiceLine {
  productId: string;
  sku: string;
  /** > 0 */
  quantity: number;
  /** > 0, GBP pence */
  unitPriceMinor: number;
}

/** A sale invoice with at least one kept line. */
export interface RetailInvoice {
  id: string;
  invoiceNo: string;
  customerId: string | null;
  userId: string | null;
  country: string;
  countryCode: string | null;
  /** Earliest timestamp on the invoice, shifted. */
  invoicedAt: Date;
  lines: RetailInvoiceLine[];
}

/** One cancellation row (`C…` invoice) of a product in the catalogue. */
export interface RetailCancellation {
  invoiceNo: string;
  customerId: string | null;
  sku: string;
  /** Units cancelled, > 0 (the source row carries it negated). */
  quantity: number;
  /** Shifted. */
  at: Date;
}

/** Rows removed for one reason. */
export interface DropReport {
  reason: string;
  rows: number;
  /** Up to 3 examples ("InvoiceNo/StockCode 'Description'", or stock codes). */
  examples: string[];
  /** Distinct stock codes (upper case) among the dropped rows. */
  codes?: number;
}

/** Counts over every data row read, before any rule. */
export interface RawCounts {
  rows: number;
  invoices: number;
  stockCodes: number;
  customers: number;
  countries: number;
}

/** Everything derived from the source file. */
export interface RetailDataset {
  products: RetailProduct[];
  customers: RetailCustomer[];
  invoices: RetailInvoice[];
  cancellations: RetailCancellation[];
  dropped: DropReport[];
  /** Added to every source timestamp (whole days). */
  shiftMs: number;
  sourceRows: number;
  sourceFile: string;
  raw: RawCounts;
}

/** Progress callback payload. */
export interface LoadProgress {
  rows: number;
  totalRows: number | null;
  phase: string;
}

/** Options of `loadRetailDataset`. */
export interface LoadOptions {
  file?: string;
  /** Default new Date(); the last source timestamp is moved onto this UTC day keeping its time of day. */
  now?: Date;
  /** Read only the first N data rows. */
  maxRows?: number;
  onProgress?: (p: LoadProgress) => void;
}
