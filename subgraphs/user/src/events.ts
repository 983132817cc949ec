/**
 * What the user subgraph publishes (through its outbox, in the transaction of the change): `user.deleted` (see
 * `resolvers/privacy.ts`) and `deal.saved`, one per actual change of a user's saved deals, which the deal subgraph
 * counts in the deal's popularity.
 */
import { enqueueEvents, type AnyPgDatabase } from '@emporium/kit';
import { EventTypes, validateEventPayload, type DealSavedPayload } from '@emporium/events';
import { outbox } from './db/schema.ts';

/** Enqueues one `deal.saved` per deal id (`saved` true: newly saved, false: removed); nothing for an empty list. */
export async function enqueueDealsSaved(tx: AnyPgDatabase, userId: string, dealIds: readonly string[], saved: boolean, now: Date): Promise<void> {
  await enqueueEvents<DealSavedPayload>(
    tx,
    outbox,
    dealIds.map((dealId) => ({ type: EventTypes.DealSaved, source: 'user', occurredAt: now, payload: { dealId, userId, saved } })),
    validateEventPayload,
  );
}
