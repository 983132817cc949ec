/**
 * Storefront events for the recommendation subgraph (product views, searches): sent with `trackEvent` after the
 * response has been sent (`after()`), so they never hold a page back, and a failure is only logged.
 */
import { after } from 'next/server';
import type { TrackedEventType } from '@/gql/graphql';
import { TrackEventDocument } from './documents/search';
import { identityHeaders, mutateGateway } from './gateway';

/** Schedules one event; call while rendering (it reads the shopper's identity now, and sends it later). */
export async function trackEventLater(type: TrackedEventType, fields: { productId?: string; query?: string }): Promise<void> {
  const identity = await identityHeaders();
  after(async () => {
    const { error } = await mutateGateway(TrackEventDocument, { type, productId: fields.productId ?? null, query: fields.query?.slice(0, 200) ?? null }, { identity });
    if (error) console.warn(`[events] ${type} not recorded: ${error.message}`);
  });
}
