import { index, integer, pgSchema, primaryKey, real, uuid } from 'drizzle-orm/pg-core';
import { inboxTable, outboxTable } from '@emporium/kit';

/** Everything the recommendation subgraph stores lives in the `recommendation` Postgres schema. */
export const recommendationSchema = pgSchema('recommendation');

/** Per product: the number of (counted) orders that contain it — the cosine denominator. */
export const productStats = recommendationSchema.table('product_stats', {
  productId: uuid('product_id').primaryKey(),
  orders: integer('orders').notNull(),
});

/**
 * Directed co-purchase pairs: `otherProductId` was bought in `ordersTogether` orders together with `productId`;
 * `score` = ordersTogether / sqrt(orders(product) · orders(other)). Both directions are stored, so one product's
 * neighbours are one index range scan.
 */
export const coPurchases = recommendationSchema.table(
  'co_purchases',
  {
    productId: uuid('product_id').notNull(),
    otherProductId: uuid('other_product_id').notNull(),
    ordersTogether: integer('orders_together').notNull(),
    score: real('score').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.productId, t.otherProductId] }),
    index('co_purchases_product_score_idx').on(t.productId, t.score.desc()),
  ],
);

export const outbox = outboxTable(recommendationSchema);
export const inbox = inboxTable(recommendationSchema);
