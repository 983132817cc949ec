/**
 * What the recommendation subgraph learns from the bus (consumer group `recommendation`, each event applied at most
 * once through the inbox): `order.placed` (every aggregate), `stock.changed` (out-of-stock exclusion),
 * `product.upserted` (attributes for content-based scoring), `price.changed` (GBP price band) and `user.deleted`
 * (erases the user's history). Payloads are read defensively; a payload this reader cannot use changes nothing.
 */
import { consumeOnce, isUuid, type EventEnvelope, type Subscription } from '@emporium/kit';
import { EventTypes, type OrderPlacedPayload } from '@emporium/events';
import { sql } from 'drizzle-orm';
import { catalogueOf } from './catalogue.ts';
import { soldProducts } from './co-purchase.ts';
import { applyOrderPlaced, shopperKeys, upsertProductAttributes, upsertProductPrice, upsertProductStock } from './db/queries.ts';
import { cartAdds, dealClicks, inbox, lastOrders, shopperViews, trackedEvents, userPurchases } from './db/schema.ts';
import { subscribeDealEvents } from './deal-events.ts';
import { neighboursKey } from './loaders.ts';
import type { RecommendationRuntime } from './runtime.ts';

/** The event type this subgraph learns orders from. */
export const ORDER_PLACED = EventTypes.OrderPlaced;
/** Every event type consumed (user.deleted by name: its contract belongs to the user subgraph). */
export const CONSUMED_EVENTS = [EventTypes.OrderPlaced, EventTypes.StockChanged, EventTypes.ProductUpserted, EventTypes.PriceChanged, 'user.deleted'] as const;
/** Consumer group (and inbox key) of the recommendation subgraph. */
export const CONSUMER_GROUP = 'recommendation';

/**
 * The distinct sold product ids of an `order.placed` payload (contract: schema/events/order.placed.schema.json).
 * The producer validates payloads; this reader is still defensive: lines with a non-UUID product id or a quantity
 * ≤ 0 are ignored, and a payload without a `lines` array gives null.
 */
export function productsOfOrderPlaced(payload: unknown): string[] | null {
  const lines: unknown = (payload as Partial<OrderPlacedPayload> | null)?.lines;
  if (!Array.isArray(lines)) return null;
  const valid = lines.flatMap((l: unknown) => {
    const { productId, quantity } = (l ?? {}) as { productId?: unknown; quantity?: unknown };
    return isUuid(productId) && typeof quantity === 'number' ? [{ productId: productId.toLowerCase(), quantity }] : [];
  });
  return soldProducts({ lines: valid });
}

const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : null);
const dateOr = (v: unknown, fallback: string): Date => {
  const d = new Date(typeof v === 'string' ? v : fallback);
  return Number.isNaN(d.getTime()) ? new Date(fallback) : d;
};

/**
 * Applies one `order.placed` event at most once (inbox). The customer's history always; product statistics unless
 * the order has more than 100 distinct products (bulk). Returns true when the event was new.
 */
export async function handleOrderPlaced(rt: RecommendationRuntime, event: EventEnvelope): Promise<boolean> {
  const products = productsOfOrderPlaced(event.payload);
  if (products === null) rt.logger.warn({ eventId: event.id }, 'order.placed without lines; ignored');
  const p = (event.payload ?? {}) as Partial<Record<keyof OrderPlacedPayload, unknown>>;
  const userId = isUuid(p.userId) ? p.userId.toLowerCase() : null;
  const country = typeof p.country === 'string' && /^[A-Z]{2}$/.test(p.country) ? p.country : null;
  const applied = await consumeOnce(rt.db.background, inbox, CONSUMER_GROUP, event, async (tx) => {
    if (products === null || products.length === 0) return;
    await applyOrderPlaced(tx, { userId, sessionId: str(p.sessionId), country, placedAt: dateOr(p.placedAt, event.occurredAt), productIds: products });
  });
  if (applied && products && products.length > 0) {
    await rt.cache.delete(...products.map(neighboursKey));
    catalogueOf(rt).markStale();
  }
  return applied;
}

/** Applies one `stock.changed`: the product is excluded while the inventory says OUT_OF_STOCK. */
export async function handleStockChanged(rt: RecommendationRuntime, event: EventEnvelope): Promise<boolean> {
  const p = (event.payload ?? {}) as { productId?: unknown; stockLevel?: unknown; quantityAvailable?: unknown };
  const applied = await consumeOnce(rt.db.background, inbox, CONSUMER_GROUP, event, async (tx) => {
    if (!isUuid(p.productId)) return;
    const inStock = p.stockLevel !== 'OUT_OF_STOCK' && !(typeof p.quantityAvailable === 'number' && p.quantityAvailable <= 0);
    await upsertProductStock(tx, p.productId.toLowerCase(), inStock, new Date(event.occurredAt));
  });
  if (applied) catalogueOf(rt).markStale();
  return applied;
}

/** Applies one `product.upserted`: category path and brand (and tags, should the contract ever carry them). */
export async function handleProductUpserted(rt: RecommendationRuntime, event: EventEnvelope): Promise<boolean> {
  const p = (event.payload ?? {}) as { productId?: unknown; categoryPath?: unknown; brand?: unknown; tags?: unknown };
  const applied = await consumeOnce(rt.db.background, inbox, CONSUMER_GROUP, event, async (tx) => {
    if (!isUuid(p.productId)) return;
    const path = Array.isArray(p.categoryPath) ? p.categoryPath.filter((c): c is string => typeof c === 'string' && c.length > 0) : [];
    const tags = Array.isArray(p.tags) ? p.tags.filter((t): t is string => typeof t === 'string' && t.length > 0) : undefined;
    await upsertProductAttributes(tx, { productId: p.productId.toLowerCase(), categoryPath: path, brand: str(p.brand), tags, at: new Date(event.occurredAt) });
  });
  if (applied) catalogueOf(rt).markStale();
  return applied;
}

/** Applies one `price.changed` in GBP: the regular price sets the product's price band (other currencies are ignored). */
export async function handlePriceChanged(rt: RecommendationRuntime, event: EventEnvelope): Promise<boolean> {
  const p = (event.payload ?? {}) as { productId?: unknown; currency?: unknown; regularAmount?: unknown; validFrom?: unknown };
  const applied = await consumeOnce(rt.db.background, inbox, CONSUMER_GROUP, event, async (tx) => {
    if (!isUuid(p.productId) || p.currency !== 'GBP' || typeof p.regularAmount !== 'number' || !Number.isSafeInteger(p.regularAmount)) return;
    await upsertProductPrice(tx, p.productId.toLowerCase(), p.regularAmount, dateOr(p.validFrom, event.occurredAt));
  });
  if (applied) catalogueOf(rt).markStale();
  return applied;
}

/**
 * Applies one `user.deleted`: the user's purchases, last order, cart additions, views and deal clicks are deleted; their tracked
 * events keep only the session (or are deleted when they have none). Aggregates over everyone (pairs, trending) stay.
 */
export async function handleUserDeleted(rt: RecommendationRuntime, event: EventEnvelope): Promise<boolean> {
  const p = (event.payload ?? {}) as { userId?: unknown };
  return consumeOnce(rt.db.background, inbox, CONSUMER_GROUP, event, async (tx) => {
    if (!isUuid(p.userId)) return;
    const id = p.userId.toLowerCase();
    const [shopper] = shopperKeys(id, null);
    await tx.delete(userPurchases).where(sql`${userPurchases.userId} = ${id}::uuid`);
    await tx.delete(lastOrders).where(sql`${lastOrders.userId} = ${id}::uuid`);
    await tx.delete(cartAdds).where(sql`${cartAdds.shopper} = ${shopper}`);
    await tx.delete(shopperViews).where(sql`${shopperViews.shopper} = ${shopper}`);
    await tx.delete(dealClicks).where(sql`${dealClicks.shopper} = ${shopper}`);
    await tx.delete(trackedEvents).where(sql`${trackedEvents.userId} = ${id}::uuid and ${trackedEvents.sessionId} is null`);
    await tx.update(trackedEvents).set({ userId: null }).where(sql`${trackedEvents.userId} = ${id}::uuid`);
  });
}

const HANDLERS: Record<string, (rt: RecommendationRuntime, event: EventEnvelope) => Promise<boolean>> = {
  [EventTypes.OrderPlaced]: handleOrderPlaced,
  [EventTypes.StockChanged]: handleStockChanged,
  [EventTypes.ProductUpserted]: handleProductUpserted,
  [EventTypes.PriceChanged]: handlePriceChanged,
  'user.deleted': handleUserDeleted,
};

/**
 * Subscribes to every consumed event type on the runtime's bus, and to the deal events (deal-events.ts, from the
 * earliest retained event); close the subscription to stop both.
 */
export async function subscribeEvents(rt: RecommendationRuntime): Promise<Subscription> {
  const main = await rt.bus.subscribe({
    group: CONSUMER_GROUP,
    types: CONSUMED_EVENTS,
    handler: async (event) => {
      await HANDLERS[event.type]?.(rt, event);
    },
  });
  const dealEvents = await subscribeDealEvents(rt).catch(async (err: unknown) => {
    await main.close();
    throw err;
  });
  return {
    async close() {
      await Promise.all([main.close(), dealEvents.close()]);
    },
  };
}
