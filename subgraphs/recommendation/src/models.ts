import type { StrategyName } from './engine/ensemble.ts';

/** A Product as this subgraph knows it: only the key (the product subgraph owns the rest). */
export interface ProductRef {
  __typename?: 'Product';
  id: string;
}

/** A User as this subgraph knows it: only the key (the user subgraph owns the rest). */
export interface UserRef {
  __typename?: 'User';
  id: string;
}

/** How one strategy contributed (GraphQL `StrategyScore`). */
export interface StrategyScoreModel {
  strategy: StrategyName;
  score: number;
  weight: number;
  detail: string | null;
}

/** One recommended product (`otherProductId`), for a source product (`productId`) or for a shopper (`productId` null). */
export interface RecommendationModel {
  productId: string | null;
  otherProductId: string;
  score: number;
  reasons: StrategyScoreModel[];
}

/** One stored co-purchase neighbour row. */
export interface NeighbourRow {
  productId: string;
  otherProductId: string;
  together: number;
  score: number;
}
