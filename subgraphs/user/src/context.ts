import type { BaseContext } from '@emporium/kit';
import type { Loaders } from './loaders.ts';
import type { UserRuntime } from './runtime.ts';

/** The resolver context of the user subgraph. */
export interface Context extends BaseContext {
  rt: UserRuntime;
  loaders: Loaders;
}
