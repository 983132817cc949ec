/** Milliseconds per day. */
export const DAY_MS = 86_400_000;

/** A parsed price: whole pence and the sign of the exact source value. */
export interface ParsedPrice {
  minor: number;
  sign: -1 | 0 | 1;
}

/**
 * Decimal GBP string -> whole pence, rounded half-up on the exact decimal digits (no float error):
 * '2.55' -> 255, '0.001' -> 0 (sign 1), '0.005' -> 1, '-11062.06' -> -1106206. Null when not a plain decimal.
 */
export function parsePrice(text: string): ParsedPrice | null {
  const m = /^\s*(-?)(\d*)(?:\.(\d*))?\s*$/.exec(text);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const digits = (m[2] ?? '') + (m[3] ?? '');
  const negative = m[1] === '-';
  const sign = /[1-9]/.test(digits) ? (negative ? -1 : 1) : 0;
  const whole = m[2] === '' ? 0 : Number(m[2]);
  const frac = (m[3] ?? '').padEnd(3, '0');
  const pence = whole * 100 + Number(frac.slice(0, 2)) + (Number(frac.charAt(2)) >= 5 ? 1 : 0);
  return { minor: negative && pence !== 0 ? -pence : pence, sign };
}

/** Integer quantity, null when not an integer. */
export function parseQuantity(text: string): number | null {
  return /^\s*-?\d+\s*$/.test(text) ? Number(text) : null;
}

/**
 * 'YYYY-MM-DD HH:MM[:SS]' -> epoch ms, read as UTC. The source is UK local time without zone; treating it
 * as UTC keeps the wall-clock times the data shows (the BST hour is not reconstructed). Null when invalid.
 */
export function parseTimestamp(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [
    number, number, number, number, number, number,
  ];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const check = new Date(ms);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
  return ms;
}

/** 'YYYY-MM-DD' of an epoch-ms instant in UTC. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
