import type { BaseContext } from '@emporium/kit';
import type { Loaders } from './loaders.ts';
import type { ProductRuntime } from './runtime.ts';

/** The resolver context of the product subgraph. */
export interface Context extends BaseContext {
  rt: ProductRuntime;
  loaders: Loaders;
}
