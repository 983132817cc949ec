import type { BaseContext } from '@emporium/kit';
import type { Commands } from './checkout/commands.ts';
import type { LifecycleDeps } from './checkout/lifecycle.ts';
import type { CheckoutSaga } from './checkout/saga.ts';
import type { Loaders } from './loaders.ts';
import type { OrderRuntime } from './runtime.ts';

/** The resolver context of the order subgraph. */
export interface Context extends BaseContext {
  rt: OrderRuntime;
  loaders: Loaders;
  /** Commands to the pricing and inventory subgraphs (service token). */
  commands: Commands;
  saga: CheckoutSaga;
  lifecycle: LifecycleDeps;
}
