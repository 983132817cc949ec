import { currencyExponent, decimalToMinor, gtinCheckDigit, isCurrency } from '@emporium/kit';
import { slugify } from '../slug.ts';

/** One validated catalog line: what the importer writes for a SKU and hands to pricing and inventory. */
export interface CatalogLine {
  /** Upper-cased (the catalog looks SKUs up upper-cased). */
  sku: string;
  title: string;
  description: string | null;
  brand: string | null;
  /** Names from the root down ("A > B > C" → ['A', 'B', 'C']); empty when the line has no category. */
  categoryPath: string[];
  /** Minor units of `currency`; null when the line has no price. */
  price: number | null;
  currency: string;
  /** On-hand units; null when the line has no stock. */
  stock: number | null;
  images: string[];
  tags: string[];
  /** GTIN-8/12/13/14, digits only, check digit verified; null when the line has none. */
  gtin: string | null;
}

/** A line the importer refuses, with the reason shown to the user. */
export class LineError extends Error {
  override name = 'LineError';
}

/** Limits of one line (and of one `importProducts` item). */
export const LINE_LIMITS = {
  sku: 64,
  title: 300,
  description: 5000,
  brand: 120,
  categoryDepth: 4,
  categoryName: 100,
  images: 10,
  imageUrl: 2000,
  tags: 30,
  tag: 50,
  stock: 2_147_483_647,
} as const;

/** Currency of lines without one; the only one pricing keeps base prices in. */
export const IMPORT_CURRENCY = 'GBP';

const text = (v: unknown): string | null => {
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  throw new LineError(`expected text, got ${Array.isArray(v) ? 'a list' : typeof v}`);
};

/** A list field: a JSON array, or text split on "|" (CSV). */
const list = (v: unknown, field: string): string[] => {
  if (v === undefined || v === null || v === '') return [];
  const items = Array.isArray(v) ? v : typeof v === 'string' ? v.split('|') : null;
  if (!items) throw new LineError(`${field} must be a list (JSON array, or "|"-separated in CSV)`);
  return items.map((x) => {
    if (typeof x !== 'string') throw new LineError(`${field} must hold text only`);
    return x.trim();
  }).filter((x) => x !== '');
};

function limit(value: string, max: number, field: string): string {
  if (value.length > max) throw new LineError(`${field} is longer than ${max} characters`);
  return value;
}

/** Parses "A > B > C" into names, refusing empty levels, over-long names and more than 4 levels. */
export function parseCategory(raw: string | null): string[] {
  if (raw === null) return [];
  const path = raw.split('>').map((s) => s.trim().replace(/\s+/g, ' '));
  if (path.some((s) => s === '')) throw new LineError(`category "${raw}" has an empty level (use "A > B > C")`);
  if (path.length > LINE_LIMITS.categoryDepth) throw new LineError(`category "${raw}" is deeper than ${LINE_LIMITS.categoryDepth} levels`);
  for (const name of path) {
    if (name.length > LINE_LIMITS.categoryName) throw new LineError(`category level "${name.slice(0, 20)}…" is longer than ${LINE_LIMITS.categoryName} characters`);
    if (slugify(name) === '') throw new LineError(`category level "${name}" has no letters or digits`);
  }
  return path;
}

/** Parses a price in major units ("3.95", 3.95) into minor units of `currency`, refusing extra decimals. */
export function parsePrice(raw: string | null, currency: string): number | null {
  if (raw === null) return null;
  const m = /^(\d{1,13})(?:\.(\d+))?$/.exec(raw);
  if (!m) throw new LineError(`price "${raw}" is not a positive decimal amount (e.g. 3.95)`);
  const exp = currencyExponent(currency);
  if ((m[2] ?? '').length > exp) throw new LineError(`price "${raw}" has more than ${exp} decimals for ${currency}`);
  const minor = decimalToMinor(raw, currency);
  if (minor <= 0) throw new LineError(`price "${raw}" must be above zero`);
  return minor;
}

/** Parses a GTIN (spaces and hyphens dropped): 8, 12, 13 or 14 digits whose last digit is the GS1 check digit. */
export function parseGtin(raw: string | null): string | null {
  if (raw === null) return null;
  const gtin = raw.replace(/[\s-]/g, '');
  if (!/^(\d{8}|\d{12,14})$/.test(gtin)) throw new LineError(`gtin "${raw.slice(0, 30)}" is not 8, 12, 13 or 14 digits`);
  const check = gtinCheckDigit(gtin.slice(0, -1));
  if (check !== Number(gtin.at(-1))) throw new LineError(`gtin "${raw}" has check digit ${gtin.at(-1)}, expected ${check}`);
  return gtin;
}

function parseStock(raw: string | null): number | null {
  if (raw === null) return null;
  if (!/^\d+$/.test(raw) || Number(raw) > LINE_LIMITS.stock) throw new LineError(`stock "${raw}" is not a whole number from 0 to ${LINE_LIMITS.stock}`);
  return Number(raw);
}

/**
 * Validates one record (a CSV row keyed by header, or a parsed JSON line) into a {@link CatalogLine}. Throws
 * {@link LineError} with the reason for the first problem found.
 */
export function parseCatalogRecord(rec: Record<string, unknown>): CatalogLine {
  const sku = text(rec.sku);
  if (sku === null) throw new LineError('sku is missing');
  if (/\s/.test(sku)) throw new LineError(`sku "${sku}" contains whitespace`);
  const title = text(rec.title);
  if (title === null) throw new LineError('title is missing');
  const currency = (text(rec.currency) ?? IMPORT_CURRENCY).toUpperCase();
  if (!isCurrency(currency)) throw new LineError(`currency "${currency}" is not an ISO 4217 code`);
  const price = parsePrice(text(rec.price), currency);
  if (price !== null && currency !== IMPORT_CURRENCY) {
    throw new LineError(`currency must be ${IMPORT_CURRENCY}: pricing keeps base prices in ${IMPORT_CURRENCY} and converts them, got ${currency}`);
  }
  const images = list(rec.images, 'images');
  if (images.length > LINE_LIMITS.images) throw new LineError(`more than ${LINE_LIMITS.images} images`);
  for (const url of images) {
    limit(url, LINE_LIMITS.imageUrl, 'an image URL');
    if (!/^(https?:\/\/[^\s]+|\/[^\s]*)$/.test(url)) throw new LineError(`image "${url.slice(0, 60)}" is not an http(s) URL or a /path`);
  }
  const tags = [...new Set(list(rec.tags, 'tags').map((t) => t.toLowerCase()))];
  if (tags.length > LINE_LIMITS.tags) throw new LineError(`more than ${LINE_LIMITS.tags} tags`);
  for (const t of tags) limit(t, LINE_LIMITS.tag, `tag "${t.slice(0, 20)}…"`);
  const description = text(rec.description);
  const brand = text(rec.brand);
  return {
    sku: limit(sku.toUpperCase(), LINE_LIMITS.sku, 'sku'),
    title: limit(title.replace(/\s+/g, ' '), LINE_LIMITS.title, 'title'),
    description: description === null ? null : limit(description, LINE_LIMITS.description, 'description'),
    brand: brand === null ? null : limit(brand.replace(/\s+/g, ' '), LINE_LIMITS.brand, 'brand'),
    categoryPath: parseCategory(text(rec.category)),
    price,
    currency,
    stock: parseStock(text(rec.stock)),
    images,
    tags,
    gtin: parseGtin(text(rec.gtin)),
  };
}

/** 32-bit FNV-1a of a string, in hex (slug disambiguation). */
function fnvHex(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * The slug of an imported product: title slug + "-" + sku slug, unique because SKUs are. When slugifying the SKU loses
 * characters ("A.1" and "A-1" both give "a-1"), a hash of the SKU is appended so two SKUs never share a slug.
 */
export function productSlug(sku: string, title: string): string {
  const skuSlug = slugify(sku);
  const lossless = skuSlug === sku.toLowerCase();
  return [slugify(title).slice(0, 80).replace(/-+$/, ''), skuSlug, lossless ? '' : fnvHex(sku)].filter(Boolean).join('-');
}

/** The slug of a category path (the seed's rule: the names joined, slugified). */
export const categoryPathSlug = (path: readonly string[]) => slugify(path.join(' '));
