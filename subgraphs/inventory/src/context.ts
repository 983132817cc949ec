import type { BaseContext } from '@emporium/kit';
import type { Loaders } from './loaders.ts';
import type { InventoryRuntime } from './runtime.ts';

/** The resolver context of the inventory subgraph. */
export interface Context extends BaseContext {
  rt: InventoryRuntime;
  loaders: Loaders;
  /** Wakes the outbox relay after a transaction that enqueued events has committed. */
  eventsEnqueued: () => void;
}
