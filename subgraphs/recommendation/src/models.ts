import type { PreferencesInput } from './deal-feed.ts';
import type { StrategyName } from './engine/ensemble.ts';

/** A Product as this subgraph knows it: only the key (the product subgraph owns the rest). */
export interface ProductRef {
  __typename?: 'Product';
  id: string;
}

/**
 * A User as this subgraph knows it: the key, plus what `dealFeed` requires from the user subgraph when the gateway
 * sent it (preferences, saved deal ids).
 */
export interface UserRef {
  __typename?: 'User';
  id: string;
  preferences?: PreferencesInput | null;
  savedDealIds?: string[];
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
