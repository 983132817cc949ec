// GENERATED FILE: do not edit by hand.
// Source: schema/events/*.schema.json. Regenerate with `npx tsx scripts/event-types.ts`
// (CI runs it with --check).

import type { EventType } from './types.ts';

/** The JSON Schema of each event payload, embedded from schema/events/. */
export const eventSchemas: { readonly [K in EventType]: Readonly<Record<string, unknown>> } = {
  'deal.clicked': {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": "urn:emporium:events:deal.clicked",
    "title": "DealClicked",
    "description": "A shopper followed a live deal to its merchant (`trackDealClick`; owner: deal subgraph). The envelope's occurredAt is the time of the click.",
    "type": "object",
    "additionalProperties": false,
    "required": [
      "dealId",
      "merchantId",
      "userId",
      "sessionId"
    ],
    "properties": {
      "dealId": {
        "type": "string",
        "format": "uuid",
        "description": "Id of the deal clicked."
      },
      "merchantId": {
        "type": "string",
        "format": "uuid",
        "description": "Id of the deal's merchant."
      },
      "userId": {
        "type": [
          "string",
          "null"
        ],
        "format": "uuid",
        "description": "The signed-in user who clicked, or null for an anonymous shopper."
      },
      "sessionId": {
        "type": [
          "string",
          "null"
        ],
        "description": "The storefront session (from the gateway) of an anonymous shopper, or null."
      }
    }
  },
  'deal.saved': {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": "urn:emporium:events:deal.saved",
    "title": "DealSaved",
    "description": "A user saved a deal or stopped saving it (`saveDeal` / `unsaveDeal`, or the deletion of their account; owner: user subgraph). Published once per actual change: saving an already saved deal or unsaving one that is not saved publishes nothing. The deal subgraph counts it in the deal's popularity. The envelope's occurredAt is the time of the change.",
    "type": "object",
    "additionalProperties": false,
    "required": [
      "dealId",
      "userId",
      "saved"
    ],
    "properties": {
      "dealId": {
        "type": "string",
        "format": "uuid",
        "description": "Id of the deal (the user subgraph does not check that it exists)."
      },
      "userId": {
        "type": "string",
        "format": "uuid",
        "description": "Id of the user who saved or unsaved the deal."
      },
      "saved": {
        "type": "boolean",
        "description": "true when the deal was newly saved, false when it was removed from the user's saved deals."
      }
    }
  },
  'deal.upserted': {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": "urn:emporium:events:deal.upserted",
    "title": "DealUpserted",
    "description": "A deal was created, changed, re-scored, linked to a product or taken down (owner: deal subgraph). Carries the deal's current facts, not a diff. Expiry needs no event: consumers compare `expiresAt` with their clock. Amounts are integer minor units of `currency`.",
    "type": "object",
    "additionalProperties": false,
    "required": [
      "dealId",
      "merchantId",
      "productId",
      "title",
      "category",
      "currency",
      "priceAmount",
      "originalAmount",
      "startsAt",
      "expiresAt",
      "active",
      "suspiciousPricing",
      "confidence"
    ],
    "properties": {
      "dealId": {
        "type": "string",
        "format": "uuid",
        "description": "Id of the deal (`Deal.id`)."
      },
      "merchantId": {
        "type": "string",
        "format": "uuid",
        "description": "Id of the merchant offering it (`Merchant.id`)."
      },
      "productId": {
        "type": [
          "string",
          "null"
        ],
        "format": "uuid",
        "description": "The catalog product the deal is linked to, or null while it is not linked."
      },
      "title": {
        "type": "string",
        "minLength": 1,
        "description": "The deal's title."
      },
      "category": {
        "type": [
          "string",
          "null"
        ],
        "description": "The merchant's category path, levels separated by \" > \" (e.g. \"Home > Decor\"), or null."
      },
      "currency": {
        "type": "string",
        "pattern": "^[A-Z]{3}$",
        "description": "ISO 4217 currency of the amounts."
      },
      "priceAmount": {
        "type": "integer",
        "minimum": 1,
        "description": "The deal price in minor units of `currency`."
      },
      "originalAmount": {
        "type": [
          "integer",
          "null"
        ],
        "minimum": 1,
        "description": "The merchant's usual price in minor units of `currency` (the discount is computed from it), or null."
      },
      "startsAt": {
        "type": "string",
        "format": "date-time",
        "description": "When the deal starts (RFC 3339)."
      },
      "expiresAt": {
        "type": [
          "string",
          "null"
        ],
        "format": "date-time",
        "description": "When the deal ends (RFC 3339), or null when it has no end."
      },
      "active": {
        "type": "boolean",
        "description": "False when the deal was taken down (it left its feed or failed validation): show it nowhere until an event says true again."
      },
      "suspiciousPricing": {
        "type": "boolean",
        "description": "The original price is above 1.3 × the 30-day average price observed for the offer."
      },
      "confidence": {
        "type": "number",
        "minimum": 0,
        "maximum": 1,
        "description": "The deal's confidence score (`Deal.confidence.score`, 0..1) when the event was written; popularity moves with clicks between events."
      }
    }
  },
  'order.placed': {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": "urn:emporium:events:order.placed",
    "title": "OrderPlaced",
    "description": "A customer placed an order (owner: order subgraph). Amounts are integer minor units of `currency`.",
    "type": "object",
    "additionalProperties": false,
    "required": [
      "orderId",
      "userId",
      "sessionId",
      "country",
      "currency",
      "totalAmount",
      "placedAt",
      "lines"
    ],
    "properties": {
      "orderId": {
        "type": "string",
        "format": "uuid",
        "description": "Id of the order."
      },
      "userId": {
        "type": [
          "string",
          "null"
        ],
        "format": "uuid",
        "description": "Id of the signed-in customer, or null for a guest checkout."
      },
      "sessionId": {
        "type": [
          "string",
          "null"
        ],
        "minLength": 1,
        "description": "Storefront session that placed the order, or null when unknown."
      },
      "country": {
        "type": "string",
        "pattern": "^[A-Z]{2}$",
        "description": "ISO 3166-1 alpha-2 shipping country."
      },
      "currency": {
        "type": "string",
        "pattern": "^[A-Z]{3}$",
        "description": "ISO 4217 currency of every amount in the order."
      },
      "totalAmount": {
        "type": "integer",
        "minimum": 0,
        "description": "Order total in minor units of `currency`."
      },
      "placedAt": {
        "type": "string",
        "format": "date-time",
        "description": "When the order was placed (RFC 3339)."
      },
      "lines": {
        "type": "array",
        "minItems": 1,
        "description": "Ordered items.",
        "items": {
          "title": "OrderPlacedLine",
          "description": "One product line of the order.",
          "type": "object",
          "additionalProperties": false,
          "required": [
            "productId",
            "quantity",
            "unitAmount"
          ],
          "properties": {
            "productId": {
              "type": "string",
              "format": "uuid",
              "description": "Id of the product."
            },
            "quantity": {
              "type": "integer",
              "minimum": 1,
              "description": "Units ordered."
            },
            "unitAmount": {
              "type": "integer",
              "minimum": 0,
              "description": "Price per unit in minor units of the order currency."
            }
          }
        }
      }
    }
  },
  'price.changed': {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": "urn:emporium:events:price.changed",
    "title": "PriceChanged",
    "description": "The selling price of a product in one currency changed (owner: pricing subgraph). Amounts are integer minor units (cents) of `currency`.",
    "type": "object",
    "additionalProperties": false,
    "required": [
      "productId",
      "currency",
      "amount",
      "regularAmount",
      "validFrom",
      "validUntil"
    ],
    "properties": {
      "productId": {
        "type": "string",
        "format": "uuid",
        "description": "Id of the product."
      },
      "currency": {
        "type": "string",
        "pattern": "^[A-Z]{3}$",
        "description": "ISO 4217 currency code, e.g. EUR."
      },
      "amount": {
        "type": "integer",
        "minimum": 0,
        "description": "Current selling price in minor units of `currency`."
      },
      "regularAmount": {
        "type": "integer",
        "minimum": 0,
        "description": "Regular (non-promotional) price in minor units; equals `amount` when there is no markdown."
      },
      "validFrom": {
        "type": "string",
        "format": "date-time",
        "description": "When this price takes effect (RFC 3339)."
      },
      "validUntil": {
        "type": [
          "string",
          "null"
        ],
        "format": "date-time",
        "description": "When this price stops applying (RFC 3339), or null when open-ended."
      }
    }
  },
  'product.upserted': {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": "urn:emporium:events:product.upserted",
    "title": "ProductUpserted",
    "description": "A product was created or changed in the catalogue (owner: product subgraph). Carries the product's current searchable facts, not a diff.",
    "type": "object",
    "additionalProperties": false,
    "required": [
      "productId",
      "sku",
      "title",
      "slug",
      "categoryPath",
      "brand"
    ],
    "properties": {
      "productId": {
        "type": "string",
        "format": "uuid",
        "description": "Id of the product."
      },
      "sku": {
        "type": "string",
        "minLength": 1,
        "description": "Stock keeping unit, unique per product."
      },
      "title": {
        "type": "string",
        "minLength": 1,
        "description": "Display title."
      },
      "slug": {
        "type": "string",
        "pattern": "^[a-z0-9]+(?:-[a-z0-9]+)*$",
        "description": "URL slug (lowercase words separated by single hyphens)."
      },
      "categoryPath": {
        "type": "array",
        "items": {
          "type": "string",
          "minLength": 1
        },
        "description": "Category names from the root to the product's leaf category, e.g. [\"Electronics\", \"Audio\", \"Headphones\"]."
      },
      "brand": {
        "type": [
          "string",
          "null"
        ],
        "description": "Brand name, or null when the product has none."
      },
      "gtin": {
        "type": [
          "string",
          "null"
        ],
        "pattern": "^([0-9]{8}|[0-9]{12,14})$",
        "description": "GTIN-8/12/13/14 (digits only, valid GS1 check digit), or null when the product has none. Optional: added after the first version; producers always send it."
      }
    }
  },
  'stock.changed': {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": "urn:emporium:events:stock.changed",
    "title": "StockChanged",
    "description": "The sellable stock of a product changed (owner: inventory subgraph), summed over all locations.",
    "type": "object",
    "additionalProperties": false,
    "required": [
      "productId",
      "quantityAvailable",
      "stockLevel"
    ],
    "properties": {
      "productId": {
        "type": "string",
        "format": "uuid",
        "description": "Id of the product."
      },
      "quantityAvailable": {
        "type": "integer",
        "minimum": 0,
        "description": "Units that can be sold now (on hand minus reserved minus committed), never negative."
      },
      "stockLevel": {
        "type": "string",
        "enum": [
          "IN_STOCK",
          "LOW_STOCK",
          "OUT_OF_STOCK"
        ],
        "description": "Coarse availability shown to shoppers."
      }
    }
  },
  'user.deleted': {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": "urn:emporium:events:user.deleted",
    "title": "UserDeleted",
    "description": "A user account was deleted and its personal data erased (owner: user subgraph). Other subgraphs anonymise what they keep about the user (e.g. orders stay, detached from the person). The envelope's occurredAt is the time of deletion.",
    "type": "object",
    "additionalProperties": false,
    "required": [
      "userId",
      "requestedBy"
    ],
    "properties": {
      "userId": {
        "type": "string",
        "format": "uuid",
        "description": "Id of the deleted user; it is never reused."
      },
      "requestedBy": {
        "type": "string",
        "enum": [
          "self",
          "admin"
        ],
        "description": "Who deleted the account: the user themself, or an admin."
      }
    }
  },
};
