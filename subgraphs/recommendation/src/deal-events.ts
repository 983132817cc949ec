/**
 * The deal projection's consumers (README "Deal feed"): `deal.upserted` keeps `deals` (newer events win),
 * `deal.clicked` counts clicks per shopper and merchant. Both are applied at most once (inbox), like every consumer
 * of this subgraph, and read payloads defensively: a payload this reader cannot use changes nothing.
 */
import { consumeOnce, isUuid, type EventEnvelope, type Subscription } from '@emporium/kit';
import { EventTypes, type DealClickedPayload, type DealUpsertedPayload } from '@emporium/events';
import { addDealClick, upsertDeal } from './db/deal-queries.ts';
import { shopperKeys } from './db/queries.ts';
import { inbox } from './db/schema.ts';
import type { RecommendationRuntime } from './runtime.ts';

/** The deal event types consumed (group `recommendation`, from the earliest retained event: a projection). */
export const DEAL_EVENTS = [EventTypes.DealUpserted, EventTypes.DealClicked] as const;
/** Cache key of the open deals list (dropped by every applied deal.upserted). */
export const OPEN_DEALS_KEY = 'deals:open:v1';
/** The subgraph's consumer group (as CONSUMER_GROUP in consumer.ts, which imports this module). */
const GROUP = 'recommendation';

const date = (v: unknown): Date | null => {
  if (typeof v !== 'string') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
};
const amount = (v: unknown): number | null => (typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : null);

/** The projection row of a `deal.upserted` payload, or null when it is not usable (contract: schema/events/deal.upserted.schema.json). */
export function dealRowOf(payload: unknown, occurredAt: string) {
  const p = (payload ?? {}) as Partial<Record<keyof DealUpsertedPayload, unknown>>;
  const priceAmount = amount(p.priceAmount);
  const startsAt = date(p.startsAt);
  const eventAt = date(occurredAt);
  if (!isUuid(p.dealId) || !isUuid(p.merchantId) || priceAmount === null || !startsAt || !eventAt) return null;
  if (typeof p.currency !== 'string' || !/^[A-Z]{3}$/.test(p.currency)) return null;
  const confidence = typeof p.confidence === 'number' && Number.isFinite(p.confidence) ? Math.min(1, Math.max(0, p.confidence)) : 0;
  return {
    dealId: p.dealId.toLowerCase(),
    merchantId: p.merchantId.toLowerCase(),
    productId: isUuid(p.productId) ? p.productId.toLowerCase() : null,
    title: typeof p.title === 'string' && p.title ? p.title : '(untitled deal)',
    category: typeof p.category === 'string' && p.category ? p.category : null,
    currency: p.currency,
    priceAmount,
    originalAmount: amount(p.originalAmount),
    startsAt,
    expiresAt: date(p.expiresAt),
    active: p.active === true,
    suspiciousPricing: p.suspiciousPricing === true,
    confidence,
    eventAt,
  };
}

/** Applies one `deal.upserted` (at most once); the open-deals cache is dropped. Returns true when the event was new. */
export async function handleDealUpserted(rt: RecommendationRuntime, event: EventEnvelope): Promise<boolean> {
  const row = dealRowOf(event.payload, event.occurredAt);
  if (!row) rt.logger.warn({ eventId: event.id }, 'deal.upserted without a usable deal; ignored');
  const applied = await consumeOnce(rt.db.background, inbox, GROUP, event, async (tx) => {
    if (row) await upsertDeal(tx, row);
  });
  if (applied) await rt.cache.delete(OPEN_DEALS_KEY);
  return applied;
}

/** Applies one `deal.clicked` (at most once): +1 click at the merchant for the user (or the anonymous session). */
export async function handleDealClicked(rt: RecommendationRuntime, event: EventEnvelope): Promise<boolean> {
  const p = (event.payload ?? {}) as Partial<Record<keyof DealClickedPayload, unknown>>;
  const userId = isUuid(p.userId) ? p.userId.toLowerCase() : null;
  const sessionId = typeof p.sessionId === 'string' && p.sessionId ? p.sessionId : null;
  const at = date(event.occurredAt) ?? rt.clock.now();
  return consumeOnce(rt.db.background, inbox, GROUP, event, async (tx) => {
    const [shopper] = shopperKeys(userId, userId ? null : sessionId);
    if (!isUuid(p.merchantId) || !shopper) return;
    await addDealClick(tx, shopper, p.merchantId.toLowerCase(), at);
  });
}

/**
 * Subscribes to the deal events. The group starts at the earliest event the bus retains, so a projection created
 * after the deal subgraph published its seed still receives it (the inbox skips what was applied).
 */
export function subscribeDealEvents(rt: RecommendationRuntime): Promise<Subscription> {
  return rt.bus.subscribe({
    group: GROUP,
    types: DEAL_EVENTS,
    startFrom: 'earliest',
    handler: async (event) => {
      if (event.type === EventTypes.DealUpserted) await handleDealUpserted(rt, event);
      else if (event.type === EventTypes.DealClicked) await handleDealClicked(rt, event);
    },
  });
}
