// GENERATED FILE: do not edit by hand.
// Source: schema/events/*.schema.json. Regenerate with `npx tsx scripts/event-types.ts`
// (CI runs it with --check).

// order.placed (schema/events/order.placed.schema.json)
/**
 * A customer placed an order (owner: order subgraph). Amounts are integer minor units of `currency`.
 */
export interface OrderPlacedPayload {
  /**
   * Id of the order.
   */
  orderId: string;
  /**
   * Id of the signed-in customer, or null for a guest checkout.
   */
  userId: string | null;
  /**
   * Storefront session that placed the order, or null when unknown.
   */
  sessionId: string | null;
  /**
   * ISO 3166-1 alpha-2 shipping country.
   */
  country: string;
  /**
   * ISO 4217 currency of every amount in the order.
   */
  currency: string;
  /**
   * Order total in minor units of `currency`.
   */
  totalAmount: number;
  /**
   * When the order was placed (RFC 3339).
   */
  placedAt: string;
  /**
   * Ordered items.
   *
   * @minItems 1
   */
  lines: OrderPlacedLine[];
}
/**
 * One product line of the order.
 */
export interface OrderPlacedLine {
  /**
   * Id of the product.
   */
  productId: string;
  /**
   * Units ordered.
   */
  quantity: number;
  /**
   * Price per unit in minor units of the order currency.
   */
  unitAmount: number;
}

// price.changed (schema/events/price.changed.schema.json)
/**
 * The selling price of a product in one currency changed (owner: pricing subgraph). Amounts are integer minor units (cents) of `currency`.
 */
export interface PriceChangedPayload {
  /**
   * Id of the product.
   */
  productId: string;
  /**
   * ISO 4217 currency code, e.g. EUR.
   */
  currency: string;
  /**
   * Current selling price in minor units of `currency`.
   */
  amount: number;
  /**
   * Regular (non-promotional) price in minor units; equals `amount` when there is no markdown.
   */
  regularAmount: number;
  /**
   * When this price takes effect (RFC 3339).
   */
  validFrom: string;
  /**
   * When this price stops applying (RFC 3339), or null when open-ended.
   */
  validUntil: string | null;
}

// product.upserted (schema/events/product.upserted.schema.json)
/**
 * A product was created or changed in the catalogue (owner: product subgraph). Carries the product's current searchable facts, not a diff.
 */
export interface ProductUpsertedPayload {
  /**
   * Id of the product.
   */
  productId: string;
  /**
   * Stock keeping unit, unique per product.
   */
  sku: string;
  /**
   * Display title.
   */
  title: string;
  /**
   * URL slug (lowercase words separated by single hyphens).
   */
  slug: string;
  /**
   * Category names from the root to the product's leaf category, e.g. ["Electronics", "Audio", "Headphones"].
   */
  categoryPath: string[];
  /**
   * Brand name, or null when the product has none.
   */
  brand: string | null;
}

// stock.changed (schema/events/stock.changed.schema.json)
/**
 * The sellable stock of a product changed (owner: inventory subgraph), summed over all locations.
 */
export interface StockChangedPayload {
  /**
   * Id of the product.
   */
  productId: string;
  /**
   * Units that can be sold now (on hand minus reserved minus committed), never negative.
   */
  quantityAvailable: number;
  /**
   * Coarse availability shown to shoppers.
   */
  stockLevel: 'IN_STOCK' | 'LOW_STOCK' | 'OUT_OF_STOCK';
}

// user.deleted (schema/events/user.deleted.schema.json)
/**
 * A user account was deleted and its personal data erased (owner: user subgraph). Other subgraphs anonymise what they keep about the user (e.g. orders stay, detached from the person). The envelope's occurredAt is the time of deletion.
 */
export interface UserDeletedPayload {
  /**
   * Id of the deleted user; it is never reused.
   */
  userId: string;
  /**
   * Who deleted the account: the user themself, or an admin.
   */
  requestedBy: 'self' | 'admin';
}

/** Every event type, keyed by its PascalCase name. */
export const EventTypes = {
  OrderPlaced: 'order.placed',
  PriceChanged: 'price.changed',
  ProductUpserted: 'product.upserted',
  StockChanged: 'stock.changed',
  UserDeleted: 'user.deleted',
} as const;

/** Union of all event type strings. */
export type EventType = (typeof EventTypes)[keyof typeof EventTypes];

/** The payload type of each event type. */
export interface EventPayloads {
  'order.placed': OrderPlacedPayload;
  'price.changed': PriceChangedPayload;
  'product.upserted': ProductUpsertedPayload;
  'stock.changed': StockChangedPayload;
  'user.deleted': UserDeletedPayload;
}
