import { createHash } from 'node:crypto';
import { gtinCheckDigit } from '@emporium/kit';

/** Stock codes of the usual shape: five digits and up to two letters (85123A, 15056BL). */
const USUAL_CODE = /^(\d{5})([A-Z]?)([A-Z]?)$/;
const letterNumber = (c: string) => String(c === '' ? 0 : c.charCodeAt(0) - 64).padStart(2, '0');

/**
 * The demo catalog's synthetic GTIN-13 for a stock code (upper-cased first). The source data has no GTINs; these are
 * generated in the GS1 restricted-circulation range (prefix 02, for numbers a company assigns for its own use), so
 * they can never collide with a real product's GTIN. Deterministic; see README "GTINs":
 * `020` + the five digits + two digits per letter (A = 01 … Z = 26, 00 when absent) for codes like 85123A — distinct
 * codes give distinct GTINs; `029` + 9 digits of a SHA-1 of the code for the few others (DCGS0003, GIFT_0001_10);
 * then the check digit.
 */
export function gtinForStockCode(stockCode: string): string {
  const code = stockCode.trim().toUpperCase();
  const m = USUAL_CODE.exec(code);
  const body = m
    ? `020${m[1]}${letterNumber(m[2]!)}${letterNumber(m[3]!)}`
    : `029${String(createHash('sha1').update(code).digest().readUInt32BE(0) % 1_000_000_000).padStart(9, '0')}`;
  return `${body}${gtinCheckDigit(body)}`;
}
