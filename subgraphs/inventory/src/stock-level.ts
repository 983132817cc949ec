import type { StockLevel } from './__generated__/resolvers-types.ts';

/** Fewer available units than this is LOW_STOCK (the SDL documents the same threshold). */
export const LOW_STOCK_THRESHOLD = 10;

/** OUT_OF_STOCK at 0, LOW_STOCK below {@link LOW_STOCK_THRESHOLD}, else IN_STOCK. */
export function stockLevelOf(quantityAvailable: number): StockLevel {
  if (quantityAvailable <= 0) return 'OUT_OF_STOCK';
  return quantityAvailable < LOW_STOCK_THRESHOLD ? 'LOW_STOCK' : 'IN_STOCK';
}
