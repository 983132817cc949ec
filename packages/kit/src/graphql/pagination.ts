import { badInput } from '../errors.ts';

/** Reads and bounds a `first` argument: 0..max, BAD_USER_INPUT outside. */
export function pageSize(first: number | null | undefined, fallback: number, max = 100): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 0 || n > max) throw badInput(`first must be between 0 and ${max}, got ${n}.`, 'first');
  return n;
}

/** Encodes a keyset position as an opaque cursor. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** Decodes a cursor made by `encodeCursor`; BAD_USER_INPUT when it was not one of ours or has the wrong shape. */
export function decodeCursor(cursor: string, arity: number, argName = 'after'): (string | number)[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(values) && values.length === arity && values.every((v) => typeof v === 'string' || typeof v === 'number')) {
      return values as (string | number)[];
    }
  } catch {
    /* fall through */
  }
  throw badInput(`${argName} is not a valid cursor.`, argName);
}
