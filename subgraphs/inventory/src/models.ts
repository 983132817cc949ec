import type { ReservationStatus, StockLevel } from './__generated__/resolvers-types.ts';

/** A product as this subgraph knows it: only the key (the catalog lives in the product subgraph). */
export interface ProductRef {
  id: string;
}

/** A delivery window: calendar days from today and the ISO dates they land on. */
export interface DeliveryEstimateModel {
  from: string;
  to: string;
  minDays: number;
  maxDays: number;
}

/** Availability of one product for one country, computed from its stock rows and the lead times to that country. */
export interface AvailabilityModel {
  productId: string;
  country: string;
  quantityAvailable: number;
  stockLevel: StockLevel;
  estimatedDelivery: DeliveryEstimateModel | null;
}

/** A warehouse row. */
export interface WarehouseModel {
  code: string;
  name: string;
  country: string;
}

/** One reserved line: a product's units held in one warehouse. */
export interface ReservedLineModel {
  productId: string;
  warehouseCode: string;
  quantity: number;
}

/** A reservation with its lines. */
export interface ReservationModel {
  id: string;
  reference: string;
  status: ReservationStatus;
  country: string | null;
  createdAt: Date;
  expiresAt: Date;
  lines: ReservedLineModel[];
}

/** A line that could not be reserved. */
export interface ShortageModel {
  productId: string;
  requested: number;
  available: number;
}

/** The typed failure of `reserveStock`: nothing was reserved. */
export interface InsufficientStockModel {
  code: 'INSUFFICIENT_STOCK';
  message: string;
  shortages: ShortageModel[];
}
