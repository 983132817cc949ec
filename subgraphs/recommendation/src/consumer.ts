import { consumeOnce, isUuid, type EventEnvelope, type Subscription } from '@emporium/kit';
import { EventTypes, type OrderPlacedPayload } from '@emporium/events';
import { DEFAULT_RULES, soldProducts } from './co-purchase.ts';
import { applyOrderToStats } from './db/queries.ts';
import { inbox } from './db/schema.ts';
import type { RecommendationRuntime } from './runtime.ts';

/** The event type this subgraph learns from. */
export const ORDER_PLACED = EventTypes.OrderPlaced;
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

/**
 * Applies one `order.placed` event at most once (inbox): the same rules as the seed — bulk orders (more than 100
 * distinct products) and orders without sold lines change nothing. Returns true when the event was new.
 */
export async function handleOrderPlaced(rt: RecommendationRuntime, event: EventEnvelope): Promise<boolean> {
  const products = productsOfOrderPlaced(event.payload);
  if (products === null) {
    rt.logger.warn({ eventId: event.id }, 'order.placed without lines; ignored');
  }
  return consumeOnce(rt.db.background, inbox, CONSUMER_GROUP, event, async (tx) => {
    if (products === null || products.length > DEFAULT_RULES.maxDistinctProducts) return;
    await applyOrderToStats(tx, products);
  });
}

/** Subscribes to `order.placed` on the runtime's bus; close the subscription to stop. */
export function subscribeOrderPlaced(rt: RecommendationRuntime): Promise<Subscription> {
  return rt.bus.subscribe({
    group: CONSUMER_GROUP,
    types: [ORDER_PLACED],
    handler: async (event) => {
      await handleOrderPlaced(rt, event);
    },
  });
}
