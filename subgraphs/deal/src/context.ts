import type { BaseContext } from '@emporium/kit';
import type { IngestionController } from './feeds/controller.ts';
import type { Loaders } from './loaders.ts';
import type { DealRuntime } from './runtime.ts';

/** The resolver context of the deal subgraph. */
export interface Context extends BaseContext {
  rt: DealRuntime;
  loaders: Loaders;
  /** Starts feed ingestion runs (admin mutation) and tracks them for shutdown. */
  ingestion: IngestionController;
  /** Wakes the outbox relay after a transaction that enqueued events committed (optional: tests build contexts too). */
  eventsEnqueued?: () => void;
}
