/**
 * Whole-percent saving of `price` against `original` (floor), computed exactly on integers; null when there is no
 * original price or no saving.
 */
export function discountPercent(price: number, original: number | null | undefined): number | null {
  if (original == null || original <= 0 || price >= original) return null;
  return Number(((BigInt(original) - BigInt(price)) * 100n) / BigInt(original));
}
