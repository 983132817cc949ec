import type { BaseContext } from '@emporium/kit';
import type { Loaders } from './loaders.ts';
import type { OrderRuntime } from './runtime.ts';

/** The resolver context of the order subgraph. */
export interface Context extends BaseContext {
  rt: OrderRuntime;
  loaders: Loaders;
}
