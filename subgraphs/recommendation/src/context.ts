import type { BaseContext } from '@emporium/kit';
import type { Loaders } from './loaders.ts';
import type { RecommendationRuntime } from './runtime.ts';

/** The resolver context of the recommendation subgraph. */
export interface Context extends BaseContext {
  rt: RecommendationRuntime;
  loaders: Loaders;
}
