// GENERATED FILE: do not edit by hand.
// Source: schema/events/*.schema.json. Regenerate with `npx tsx scripts/event-types.ts`
// (CI runs it with --check).

// deal.clicked (schema/events/deal.clicked.schema.json)
/**
 * A shopper followed a live deal to its merchant (`trackDealClick`; owner: deal subgraph). The envelope's occurredAt is the time of the click.
 */
export interface DealClickedPayload {
  /**
   * Id of the deal clicked.
   */
  dealId: string;
  /**
   * Id of the deal's merchant.
   */
  merchantId: string;
  /**
   * The signed-in user who clicked, or null for an anonymous shopper.
   */
  userId: string | null;
  /**
   * The storefront session (from the gateway) of an anonymous shopper, or null.
   */
  sessionId: string | null;
}

// deal.saved (schema/events/deal.saved.schema.json)
/**
 * A user saved a deal or stopped saving it (`saveDeal` / `unsaveDeal`, or the deletion of their account; owner: user subgraph). Published once per actual change: saving an already saved deal or unsaving one that is not saved publishes nothing. The deal subgraph counts it in the deal's popularity. The envelope's occurredAt is the time of the change.
 */
export interface DealSavedPayload {
  /**
   * Id of the deal (the user subgraph does not check that it exists).
   */
  dealId: string;
  /**
   * Id of the user who saved or unsaved the deal.
   */
  userId: string;
  /**
   * true when the deal was newly saved, false when it was removed from the user's saved deals.
   */
  saved: boolean;
}

// deal.upserted (schema/events/deal.upserted.schema.json)
/**
 * A deal was created, changed, re-scored, linked to a product or taken down (owner: deal subgraph). Carries the deal's current facts, not a diff. Expiry needs no event: consumers compare `expiresAt` with their clock. Amounts are integer minor units of `currency`.
 */
export interface DealUpsertedPayload {
  /**
   * Id of the deal (`Deal.id`).
   */
  dealId: string;
  /**
   * Id of the merchant offering it (`Merchant.id`).
   */
  merchantId: string;
  /**
   * The catalog product the deal is linked to, or null while it is not linked.
   */
  productId: string | null;
  /**
   * The deal's title.
   */
  title: string;
  /**
   * The merchant's category path, levels separated by " > " (e.g. "Home > Decor"), or null.
   */
  category: string | null;
  /**
   * ISO 4217 currency of the amounts.
   */
  currency: string;
  /**
   * The deal price in minor units of `currency`.
   */
  priceAmount: number;
  /**
   * The merchant's usual price in minor units of `currency` (the discount is computed from it), or null.
   */
  originalAmount: number | null;
  /**
   * When the deal starts (RFC 3339).
   */
  startsAt: string;
  /**
   * When the deal ends (RFC 3339), or null when it has no end.
   */
  expiresAt: string | null;
  /**
   * False when the deal was taken down (it left its feed or failed validation): show it nowhere until an event says true again.
   */
  active: boolean;
  /**
   * The original price is above 1.3 × the 30-day average price observed for the offer.
   */
  suspiciousPricing: boolean;
  /**
   * The deal's confidence score (`Deal.confidence.score`, 0..1) when the event was written; popularity moves with clicks between events.
   */
  confidence: number;
}

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
  /**
   * GTIN-8/12/13/14 (digits only, valid GS1 check digit), or null when the product has none. Optional: added after the first version; producers always send it.
   */
  gtin?: string | null;
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
  DealClicked: 'deal.clicked',
  DealSaved: 'deal.saved',
  DealUpserted: 'deal.upserted',
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
  'deal.clicked': DealClickedPayload;
  'deal.saved': DealSavedPayload;
  'deal.upserted': DealUpsertedPayload;
  'order.placed': OrderPlacedPayload;
  'price.changed': PriceChangedPayload;
  'product.upserted': ProductUpsertedPayload;
  'stock.changed': StockChangedPayload;
  'user.deleted': UserDeletedPayload;
}
