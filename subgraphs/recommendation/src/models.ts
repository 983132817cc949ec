/** A Product as this subgraph knows it: only the key (the product subgraph owns the rest). */
export interface ProductRef {
  __typename?: 'Product';
  id: string;
}

/** One recommended product for a source product, as read from `co_purchases`. */
export interface RecommendationModel {
  productId: string;
  otherProductId: string;
  ordersTogether: number;
  score: number;
}
