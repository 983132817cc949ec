import { and, desc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import { badInput, conflict, decodeCursor, encodeCursor, executeRows, isUuid, notFound, pageSize, requireUser, type Identity } from '@emporium/kit';
import { products, reviews, searchDocuments } from './db/schema.ts';
import type { ProductRuntime } from './runtime.ts';
import type { Executor } from './search/projection.ts';

/** Length limits of a review (characters, after trimming). */
export const REVIEW_TITLE_MAX = 120;
export const REVIEW_BODY_MAX = 4000;

export type ReviewModel = typeof reviews.$inferSelect;

/** Ratings of products from the search projection (kept in sync by addReview): one statement for any number. */
export async function ratingsOf(db: Executor, productIds: readonly string[]): Promise<{ productId: string; sum: number; count: number }[]> {
  if (productIds.length === 0) return [];
  return db
    .select({ productId: searchDocuments.productId, sum: searchDocuments.ratingSum, count: searchDocuments.ratingCount })
    .from(searchDocuments)
    .where(inArray(searchDocuments.productId, [...productIds]));
}

/** Mean stars rounded to 2 decimals, null without ratings (the projection's rating_average rounds the same way). */
export function averageOf(sum: number, count: number): number | null {
  return count > 0 ? Math.round((sum * 100) / count) / 100 : null;
}

function text(value: string, arg: string, max: number): string {
  const t = value.trim();
  if (t.length === 0) throw badInput(`${arg} must not be empty.`, arg);
  if (t.length > max) throw badInput(`${arg} must be at most ${max} characters, got ${t.length}.`, arg);
  return t;
}

/**
 * Adds the signed-in shopper's review and updates the product's rating in the search projection in the same
 * transaction. UNAUTHENTICATED without a user, BAD_USER_INPUT for bad arguments, NOT_FOUND for an unknown product,
 * CONFLICT when this shopper reviewed the product already.
 */
export async function addReview(
  rt: ProductRuntime,
  identity: Identity,
  args: { productId: string; rating: number; title: string; body: string },
): Promise<ReviewModel> {
  const user = requireUser(identity);
  if (!isUuid(args.productId)) throw badInput(`productId is not a valid id: "${args.productId}".`, 'productId');
  if (!Number.isInteger(args.rating) || args.rating < 1 || args.rating > 5) throw badInput(`rating must be a whole number from 1 to 5, got ${args.rating}.`, 'rating');
  const title = text(args.title, 'title', REVIEW_TITLE_MAX);
  const body = text(args.body, 'body', REVIEW_BODY_MAX);
  const productId = args.productId.toLowerCase();
  return rt.db.db.transaction(async (tx) => {
    const [exists] = await tx.select({ id: products.id }).from(products).where(eq(products.id, productId)).limit(1);
    if (!exists) throw notFound(`No product ${productId}.`);
    const [review] = await tx
      .insert(reviews)
      .values({ productId, userId: user.id, rating: args.rating, title, body, createdAt: rt.clock.now() })
      .onConflictDoNothing({ target: [reviews.productId, reviews.userId] })
      .returning();
    if (!review) throw conflict('You have already reviewed this product.');
    await executeRows(
      tx,
      sql`update product.search_documents set
            rating_sum = rating_sum + ${args.rating}, rating_count = rating_count + 1,
            rating_average = round((rating_sum + ${args.rating})::numeric / (rating_count + 1), 2)
          where product_id = ${productId}::uuid`,
    );
    return review;
  });
}

/** A page of a product's reviews, newest first (keyset on created_at, id), with the total. */
export async function reviewsPage(db: Executor, productId: string, first: number | null | undefined, after: string | null | undefined) {
  const limit = pageSize(first, 10);
  let position: { at: Date; id: string } | undefined;
  if (after != null) {
    const [at, id] = decodeCursor(after, 2);
    const date = new Date(String(at));
    if (!isUuid(id) || Number.isNaN(date.getTime())) throw badInput('after is not a valid cursor.', 'after');
    position = { at: date, id };
  }
  const where = and(
    eq(reviews.productId, productId),
    position ? or(lt(reviews.createdAt, position.at), and(eq(reviews.createdAt, position.at), lt(reviews.id, position.id))) : undefined,
  );
  const rows = await db
    .select({ review: reviews, total: sql<number>`(select count(*) from product.reviews r where r.product_id = ${productId}::uuid)::int` })
    .from(reviews)
    .where(where)
    .orderBy(desc(reviews.createdAt), desc(reviews.id))
    .limit(limit + 1);
  const total = rows[0]?.total ?? (await db.select({ n: sql<number>`count(*)::int` }).from(reviews).where(eq(reviews.productId, productId)))[0]?.n ?? 0;
  const edges = rows.slice(0, limit).map((r) => ({ cursor: encodeCursor([r.review.createdAt.toISOString(), r.review.id]), node: r.review }));
  return {
    edges,
    totalCount: total,
    pageInfo: { hasNextPage: rows.length > limit, hasPreviousPage: position !== undefined, startCursor: edges[0]?.cursor ?? null, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
