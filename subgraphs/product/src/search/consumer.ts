import { consumeOnce, isUuid, type EventEnvelope, type Subscription } from '@emporium/kit';
import { EventTypes, type PriceChangedPayload, type StockChangedPayload } from '@emporium/events';
import { inbox } from '../db/schema.ts';
import type { ProductRuntime } from '../runtime.ts';
import { applyDuePrices, applyPriceChanged, applyStockChanged, PRICE_SWEEP_INTERVAL_MS } from './projection.ts';

/** Consumer group (and inbox key) of the search projection. */
export const SEARCH_CONSUMER_GROUP = 'product-search';
/** The events the search projection follows. */
export const SEARCH_EVENT_TYPES = [EventTypes.PriceChanged, EventTypes.StockChanged] as const;

const wholeNonNegative = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;

/**
 * Applies one `price.changed` or `stock.changed` event to the search projection at most once (inbox, same
 * transaction, on the uncounted background handle). Producers validate payloads; this reader still ignores malformed
 * ones (logged) rather than retrying them forever. Returns true when the event was new.
 */
export async function handleSearchEvent(rt: ProductRuntime, event: EventEnvelope): Promise<boolean> {
  const occurredAt = new Date(event.occurredAt);
  return consumeOnce(rt.db.background, inbox, SEARCH_CONSUMER_GROUP, event, async (tx) => {
    if (event.type === EventTypes.PriceChanged) {
      const p = event.payload as Partial<PriceChangedPayload> | null;
      if (!p || !isUuid(p.productId) || typeof p.currency !== 'string' || !wholeNonNegative(p.amount) || !wholeNonNegative(p.regularAmount)) {
        rt.logger.warn({ eventId: event.id, type: event.type }, 'malformed price.changed ignored by search');
        return;
      }
      const validFrom = typeof p.validFrom === 'string' && !Number.isNaN(Date.parse(p.validFrom)) ? new Date(p.validFrom) : occurredAt;
      const validUntil = typeof p.validUntil === 'string' && !Number.isNaN(Date.parse(p.validUntil)) ? new Date(p.validUntil) : null;
      await applyPriceChanged(
        tx,
        { productId: p.productId.toLowerCase(), currency: p.currency, amount: p.amount, regularAmount: p.regularAmount, validFrom, validUntil, occurredAt },
        rt.clock.now(),
      );
    } else if (event.type === EventTypes.StockChanged) {
      const p = event.payload as Partial<StockChangedPayload> | null;
      if (!p || !isUuid(p.productId) || !wholeNonNegative(p.quantityAvailable)) {
        rt.logger.warn({ eventId: event.id, type: event.type }, 'malformed stock.changed ignored by search');
        return;
      }
      await applyStockChanged(tx, { productId: p.productId.toLowerCase(), quantityAvailable: p.quantityAvailable, occurredAt });
    }
  });
}

/** Subscribes the search projection to price and stock events on the runtime's bus; close the subscription to stop. */
export function subscribeSearchProjection(rt: ProductRuntime): Promise<Subscription> {
  return rt.bus.subscribe({
    group: SEARCH_CONSUMER_GROUP,
    types: SEARCH_EVENT_TYPES,
    // A new group replays what the bus still retains: harmless (inbox + as-of guards) and closes the gap before the
    // first subscription.
    startFrom: 'earliest',
    handler: async (event) => {
      await handleSearchEvent(rt, event);
    },
  });
}

/**
 * Applies scheduled prices as they fall due (sales starting or ending, prices scheduled for later), every
 * PRICE_SWEEP_INTERVAL_MS on the background handle. `stop()` waits for the sweep in flight.
 */
export function startPriceSweeper(rt: ProductRuntime, intervalMs = PRICE_SWEEP_INTERVAL_MS): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = applyDuePrices(rt.db.background, rt.clock.now()).catch((err: unknown) => rt.logger.warn({ err }, 'scheduled price sweep failed'));
  }, intervalMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
