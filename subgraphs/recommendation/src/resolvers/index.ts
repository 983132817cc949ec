import { isUuid, pageSize } from '@emporium/kit';
import type { Resolvers } from '../__generated__/resolvers-types.ts';

/** Largest `first` accepted by Product.recommendations. */
export const MAX_RECOMMENDATIONS = 50;

const orders = (n: number) => `bought together in ${n} ${n === 1 ? 'order' : 'orders'}`;

/** Resolvers of the recommendation subgraph. */
export const resolvers: Resolvers = {
  Product: {
    __resolveReference: (ref) => (isUuid(ref.id) ? { __typename: 'Product', id: ref.id } : null),
    recommendations: (product, args, ctx) => {
      const first = pageSize(args.first, 10, MAX_RECOMMENDATIONS);
      return isUuid(product.id) ? ctx.loaders.recommendations(first).load(product.id.toLowerCase()) : [];
    },
  },
  Recommendation: {
    product: (r) => ({ __typename: 'Product', id: r.otherProductId }),
    score: (r) => r.score,
    reasons: (r) => [{ strategy: 'COLLABORATIVE', score: r.score, weight: 1, detail: orders(r.ordersTogether) }],
  },
};
