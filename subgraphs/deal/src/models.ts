import type { deals, merchants } from './db/schema.ts';

/** A deal row as resolvers see it. */
export type DealModel = typeof deals.$inferSelect;
/** A merchant row as resolvers see it. */
export type MerchantModel = typeof merchants.$inferSelect;

/** A product as this subgraph knows it: only the key (the catalog lives in the product subgraph). */
export interface ProductRef {
  id: string;
}

/** Money plus the locale its `formatted` field is written for. */
export interface MoneyModel {
  amount: number;
  currency: string;
  locale: string;
}
