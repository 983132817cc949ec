import type { StockLevel } from './__generated__/resolvers-types.ts';

/** A product as this subgraph knows it: only the key (the catalog lives in the product subgraph). */
export interface ProductRef {
  id: string;
}

/** Availability of one product for one country, computed from its stock rows. */
export interface AvailabilityModel {
  productId: string;
  country: string;
  quantityAvailable: number;
  stockLevel: StockLevel;
}
