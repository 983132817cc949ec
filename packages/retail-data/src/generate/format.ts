import type { GeneratedProduct } from './catalog.ts';

/** Columns of the catalog CSV, in order (the header line `pnpm catalog:import` expects). */
export const CATALOG_COLUMNS = ['sku', 'title', 'description', 'brand', 'category', 'price', 'currency', 'stock', 'images', 'tags'] as const;

/** One JSON Lines line (with the trailing newline). */
export function toJsonLine(p: GeneratedProduct): string {
  return `${JSON.stringify(p)}\n`;
}

const csvField = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** The CSV header line. */
export const CSV_HEADER = `${CATALOG_COLUMNS.join(',')}\n`;

/** One CSV line (RFC 4180 quoting; images and tags joined with "|"). */
export function toCsvLine(p: GeneratedProduct): string {
  const values = [p.sku, p.title, p.description, p.brand, p.category, p.price, p.currency, String(p.stock), p.images.join('|'), p.tags.join('|')];
  return `${values.map(csvField).join(',')}\n`;
}
