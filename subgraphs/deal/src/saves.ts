/**
 * Deal saves from the user subgraph: each `deal.saved` event (contract: schema/events/deal.saved.schema.json) adds or
 * removes one save on the deal (`deals.saves`, never below 0), which feeds the live popularity factor of its confidence.
 */
import { sql } from 'drizzle-orm';
import { consumeOnce, isUuid, type EventEnvelope, type Subscription } from '@emporium/kit';
import { EventTypes, type DealSavedPayload } from '@emporium/events';
import { deals, inbox } from './db/schema.ts';
import type { DealRuntime } from './runtime.ts';

/** Consumer group (and inbox key) of the save counts. */
export const SAVES_GROUP = 'deal-saves';

/** The deal id and the change (+1 or −1) of a `deal.saved` payload, or null when it is not one. */
export function saveChangeOf(payload: unknown): { dealId: string; delta: 1 | -1 } | null {
  const p = (payload ?? {}) as Partial<Record<keyof DealSavedPayload, unknown>>;
  if (!isUuid(p.dealId) || typeof p.saved !== 'boolean') return null;
  return { dealId: p.dealId.toLowerCase(), delta: p.saved ? 1 : -1 };
}

/**
 * Applies one `deal.saved` event at most once (inbox): +1 or −1 on the deal's `saves`, floored at 0; an unknown deal
 * id changes nothing. Returns true when the event was new.
 */
export async function handleDealSaved(rt: DealRuntime, event: EventEnvelope): Promise<boolean> {
  const change = saveChangeOf(event.payload);
  if (!change) rt.logger.warn({ eventId: event.id }, 'deal.saved without a deal id or saved flag; ignored');
  return consumeOnce(rt.db.background, inbox, SAVES_GROUP, event, async (tx) => {
    if (!change) return;
    await tx
      .update(deals)
      .set({ saves: sql`greatest(0, ${deals.saves} + ${change.delta}::int)` })
      .where(sql`${deals.id} = ${change.dealId}::uuid`);
  });
}

/** Keeps `deals.saves` current from `deal.saved` events; close the subscription to stop. */
export function subscribeDealSaved(rt: DealRuntime): Promise<Subscription> {
  return rt.bus.subscribe({
    group: SAVES_GROUP,
    types: [EventTypes.DealSaved],
    startFrom: 'earliest',
    handler: async (event) => {
      await handleDealSaved(rt, event);
    },
  });
}
