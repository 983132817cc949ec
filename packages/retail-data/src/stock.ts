import { DAY_MS } from './parse.ts';

/** 32-bit FNV-1a hash of a string's UTF-16 code units. */
export function fnv1a32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Bounds of the in-stock level. */
export const STOCK_MIN = 10;
export const STOCK_MAX = 5000;

/**
 * Derived stock level (the data has none). h = fnv1a32(sku):
 * - h % 100 < 5 -> 0 (out of stock, ~5%);
 * - h % 100 < 15 -> 1 + (h >>> 8) % 9 (low stock 1..9, ~10%);
 * - else weeks of cover: ceil(weekly velocity x (2 + (h >>> 16) % 7) weeks), clamped to [10, 5000], where
 *   weekly velocity = unitsSold / max(1, weeks between first and last sale).
 */
export function quantityOnHandFor(sku: string, unitsSold: number, firstSoldMs: number, lastSoldMs: number): number {
  const h = fnv1a32(sku);
  const bucket = h % 100;
  if (bucket < 5) return 0;
  if (bucket < 15) return 1 + ((h >>> 8) % 9);
  const weeks = Math.max(1, (lastSoldMs - firstSoldMs) / (7 * DAY_MS));
  const coverWeeks = 2 + ((h >>> 16) % 7);
  return Math.min(STOCK_MAX, Math.max(STOCK_MIN, Math.ceil((unitsSold / weeks) * coverWeeks)));
}
