import type { BaseContext } from '@emporium/kit';
import type { Loaders } from './loaders.ts';
import type { PricingRuntime } from './runtime.ts';

/** The resolver context of the pricing subgraph. */
export interface Context extends BaseContext {
  rt: PricingRuntime;
  loaders: Loaders;
  /** Wakes the outbox relay after a transaction that enqueued events has committed. */
  eventsEnqueued: () => void;
}
